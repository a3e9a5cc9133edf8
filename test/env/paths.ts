import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ENV_DIR } from './versions.js';

/** Root of everything the harness keeps between runs; `CHAOSFLOW_TESTENV_HOME` overrides it. */
export const CACHE_ROOT =
  process.env.CHAOSFLOW_TESTENV_HOME ?? join(homedir(), '.cache', 'chaosflow', 'testenv');

/** Where a running control plane keeps its state: certificates, kubeconfig, data, logs and pids. */
export const RUN_DIR = join(CACHE_ROOT, 'run');

/**
 * The directory of binaries for the pinned versions: keyed by a hash of `versions.json`, every wrapper
 * module's files and the Go toolchain, so any change to them builds a fresh set and an unchanged set is
 * never rebuilt.
 */
export function binDir(): string {
  return join(CACHE_ROOT, cacheKey(), 'bin');
}

function cacheKey(): string {
  const hash = createHash('sha256');
  hash.update(execFileSync('go', ['version'], { encoding: 'utf8' }));
  for (const file of keyFiles(ENV_DIR)) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function keyFiles(dir: string): string[] {
  const files = [join(dir, 'versions.json')];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at).sort()) {
      const path = join(at, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(go|mod|sum)$/.test(entry)) files.push(path);
    }
  };
  walk(join(dir, 'go'));
  return files;
}
