import { execFileSync } from 'node:child_process';

/**
 * Where a Go module's files are, downloading it into the module cache first if needed. Run in `cwd`, so a
 * module that a wrapper's go.sum pins is checked against it.
 */
export function goModuleDir(module: string, version: string, cwd: string): string {
  const output = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd,
    env: goEnv(),
    encoding: 'utf8',
  });
  const { Dir: dir, Error: error } = JSON.parse(output) as { Dir?: string; Error?: string };
  if (dir === undefined) throw new Error(`cannot download ${module}@${version}: ${error ?? 'no directory'}`);
  return dir;
}

/** The environment every `go` command of the harness runs with. */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=readonly',
    // The checksum database is not reachable from these machines; each wrapper's committed go.sum pins every
    // module's hash instead, and go refuses a module whose download does not match it.
    GOSUMDB: 'off',
  };
}
