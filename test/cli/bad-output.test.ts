import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../helpers.js';
import { runCli, workspace } from './run-cli.js';

const EXAMPLE = join(EXAMPLES_DIR, 'nginx-pod-delete.ts');

const CLI = fileURLToPath(new URL('../../bin/chaosflow.js', import.meta.url));
const execFileAsync = promisify(execFile);

describe('an --out that cannot be written', () => {
  it('is a user error when a file is in the way of the directory, and nothing is written', async () => {
    const dir = workspace({ dist: 'not a directory\n' });
    const run = await runCli('build', EXAMPLE, '--out', join(dir, 'dist'));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: ${join(dir, 'dist')} is a file, not a directory\n  → choose another --out, or - for stdout, or move that file away\n`,
    );
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  it('is a user error when a file is in the way further up', async () => {
    const dir = workspace({ file: 'x\n' });
    const run = await runCli('build', EXAMPLE, '--out', join(dir, 'file', 'dist'));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: ${join(dir, 'file')} is a file, not a directory\n  → choose another --out, or - for stdout, or move that file away\n`,
    );
  });

  it('is a user error without a hang where the system refuses a directory (/proc)', async () => {
    const run = await runCli('build', EXAMPLE, '--out', '/proc/chaosflow-out');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: cannot create the directory \/proc\/chaosflow-out: .+ \(E[A-Z]+\)\n {2}→ choose another --out, or - for stdout\n$/,
    );
    expect(existsSync('/proc/chaosflow-out')).toBe(false);
  });

  it('is a user error without permission, and leaves no temporary file', async () => {
    const dir = workspace({});
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    chmodSync(dir, 0o755);
    // Root writes anyway: then the CLI runs as nobody, whom the permissions do bind.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = await execFileAsync(
      process.execPath,
      [CLI, 'build', EXAMPLE, '--out', locked],
      asNobody,
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    chmodSync(locked, 0o755);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: cannot write ${join(locked, 'nginx-pod-delete.yaml')}: permission denied (EACCES)\n  → choose another --out, or - for stdout\n`,
    );
    expect(readdirSync(locked)).toEqual([]);
  });

  it('writes all experiments or none: a failure on one leaves none of them', async () => {
    const dir = workspace({});
    const out = join(dir, 'out');
    mkdirSync(join(out, 'nightly-cart-container-kill.yaml'), { recursive: true });
    const run = await runCli('build', EXAMPLES_DIR, '--out', out);
    expect(run.code).toBe(1);
    // The examples' warnings come first.
    expect(run.stderr).toContain(
      `error: cannot write ${join(out, 'nightly-cart-container-kill.yaml')}: a directory is in the way (EISDIR)\n  → choose another --out, or - for stdout, or move that directory away\n`,
    );
    expect(readdirSync(out)).toEqual(['nightly-cart-container-kill.yaml']);
  });
});
