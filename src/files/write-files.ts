import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';
import { displayPath } from '../load/display-path.js';

/** A file to write: where, and what. */
export interface FileToWrite {
  readonly path: string;
  readonly text: string | Uint8Array;
}

/**
 * Writes files all or nothing: each goes to a temporary file beside its target first, and only when every one
 * is written are they renamed into place, so a reader never sees half a file and a failure leaves nothing
 * behind. Directories are created as needed.
 * @throws {@link UserError} saying which path cannot be written, why, and what to do.
 * @param hint what the user can change, e.g. `choose another --out`
 */
export function writeFilesAtomically(files: readonly FileToWrite[], hint: string): void {
  for (const dir of new Set(files.map((file) => dirname(file.path)))) makeDirectory(dir, hint);
  // A rename onto a directory is the one failure left once every file is written: refused up front, so no
  // file is renamed into place before another one fails.
  const blocked = files.find((file) => existsSync(file.path) && statSync(file.path).isDirectory());
  if (blocked !== undefined)
    throw new UserError(
      `cannot write ${displayPath(blocked.path)}: ${REASONS.EISDIR} (EISDIR)\n  → ${hint}, or move that directory away`,
    );
  const written: string[] = [];
  try {
    for (const file of files) {
      const temporary = `${file.path}.${process.pid}.tmp`;
      attempt(() => writeFileSync(temporary, file.text), `cannot write ${displayPath(file.path)}`, hint);
      written.push(temporary);
    }
    for (const [index, file] of files.entries()) {
      attempt(
        () => renameSync(written[index] as string, file.path),
        `cannot write ${displayPath(file.path)}`,
        hint,
      );
    }
  } finally {
    for (const temporary of written) rmSync(temporary, { force: true });
  }
}

/**
 * Creates a directory and its missing parents one by one: Node's recursive mkdir loops forever where the
 * kernel refuses a directory without a clearer error (under /proc), and names no culprit when a file is in the
 * way.
 */
function makeDirectory(dir: string, hint: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) {
    throw new UserError(`${displayPath(at)} is a file, not a directory\n  → ${hint}, or move that file away`);
  }
  for (const level of missing) {
    attempt(() => mkdirSync(level), `cannot create the directory ${displayPath(level)}`, hint);
  }
}

function attempt(action: () => void, what: string, hint: string): void {
  try {
    action();
  } catch (error) {
    throw new UserError(`${what}: ${reasonOf(error)}\n  → ${hint}`, { cause: error });
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENOENT: 'the system refuses to create it there',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'a directory is in the way',
  EEXIST: 'something is in the way',
};

/** A file system error in words, with its code. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code];
  return reason === undefined ? (error as Error).message : `${reason} (${code})`;
}
