import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { goModuleDir } from './go-modules.js';
import { CACHE_ROOT } from './paths.js';
import { ENV_DIR, versions } from './versions.js';

const ARGO_MODULE = 'github.com/argoproj/argo-workflows/v3';

/**
 * In Argo's repository `workflow/executor/os-specific/signal_linux.go` is a symlink to `signal_darwin.go`;
 * Go module zips leave symlinks out, so argoexec does not compile from the module on Linux. This makes a
 * build directory that restores it: a copy of the module from the module cache with the link's target
 * copied into place, and a copy of `go/argo` whose go.mod points Argo's module at that copy. Returns the
 * build directory; its go.sum is the committed one, so every other module is still checked against it.
 */
export function argoexecBuildDir(): string {
  const root = join(CACHE_ROOT, `argo-source-v${versions.argo}`);
  const source = join(root, 'argo-workflows');
  const build = join(root, 'build');
  if (existsSync(join(build, 'go.mod'))) return build;
  rmSync(root, { recursive: true, force: true });
  cpSync(goModuleDir(ARGO_MODULE, `v${versions.argo}`, join(ENV_DIR, 'go', 'argo')), source, {
    recursive: true,
  });
  makeWritable(source);
  const osSpecific = join(source, 'workflow', 'executor', 'os-specific');
  copyFileSync(join(osSpecific, 'signal_darwin.go'), join(osSpecific, 'signal_linux.go'));
  mkdirSync(build, { recursive: true });
  const wrapper = join(ENV_DIR, 'go', 'argo');
  copyFileSync(join(wrapper, 'go.sum'), join(build, 'go.sum'));
  const goMod = readFileSync(join(wrapper, 'go.mod'), 'utf8');
  writeFileSync(join(build, 'go.mod'), `${goMod}\nreplace ${ARGO_MODULE} => ../argo-workflows\n`);
  return build;
}

/** The module cache is read-only; the copy must be writable to add the file and to be removed later. */
function makeWritable(dir: string): void {
  execFileSync('chmod', ['-R', 'u+w', dir]);
  chmodSync(dir, 0o755);
}
