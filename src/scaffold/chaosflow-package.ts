import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-paths.js';
import { VERSION } from '../version.js';

const run = promisify(execFile);

/** Where a new project gets chaosflow from. */
export type ChaosflowSource =
  /** The npm registry, which has this version. */
  | { readonly kind: 'registry'; readonly spec: string }
  /** A tarball of the running chaosflow, packed into a temporary directory, to go into the project. */
  | { readonly kind: 'tarball'; readonly file: string; readonly fileName: string };

/**
 * This version from the registry when the registry has it; otherwise the running chaosflow packed into a
 * tarball (what `npm publish` would upload), which installs with its dependencies on any machine.
 */
export async function chaosflowSource(): Promise<ChaosflowSource> {
  if (await registryHas(VERSION)) return { kind: 'registry', spec: `^${VERSION}` };
  return { kind: 'tarball', ...(await packSelf()) };
}

/** Whether the npm registry serves chaosflow at `version`; no answer (offline, a proxy) counts as no. */
async function registryHas(version: string): Promise<boolean> {
  try {
    const { stdout } = await run('npm', ['view', `chaosflow@${version}`, 'version', '--json'], {
      timeout: 15_000,
    });
    return stdout.trim() === JSON.stringify(version);
  } catch {
    return false;
  }
}

/** `npm pack` of the running chaosflow, scripts off: its compiled `lib/` is part of it already. */
async function packSelf(): Promise<{ file: string; fileName: string }> {
  const destination = mkdtempSync(join(tmpdir(), 'chaosflow-pack-'));
  try {
    const { stdout } = await run(
      'npm',
      ['pack', PACKAGE_ROOT, '--ignore-scripts', '--json', '--pack-destination', destination],
      { timeout: 120_000 },
    );
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (packed === undefined) throw new Error('npm pack reported no file');
    return { file: join(destination, packed.filename), fileName: packed.filename };
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new UserError(
      `chaosflow ${VERSION} is not on the npm registry, and packing it into the project failed: ${reason}\n  → install npm, or name a chaosflow you can install with --chaosflow <npm spec>`,
    );
  }
}
