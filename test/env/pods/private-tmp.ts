import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A command and its arguments. */
export interface Command {
  readonly command: string;
  readonly args: readonly string[];
}

const BIND_AND_EXEC = 'mount --bind "$0" /tmp && exec "$@"';

/**
 * How this machine can give a process a /tmp of its own, as a container has: a mount namespace (util-linux
 * `unshare`) in which a directory is bind-mounted over /tmp. As root a mount namespace suffices; otherwise a
 * user namespace maps the caller to root in it. Undefined when neither works; the caller then runs such
 * processes one at a time.
 */
export function privateTmpSupport(): ((tmp: string, inner: Command) => Command) | undefined {
  for (const namespaces of [['--mount'], ['--mount', '--map-root-user']]) {
    const prefix = ['unshare', ...namespaces, '--propagation', 'private', '--', 'sh', '-c', BIND_AND_EXEC];
    if (works(prefix))
      return (tmp, inner) => ({
        command: prefix[0] as string,
        args: [...prefix.slice(1), tmp, inner.command, ...inner.args],
      });
  }
  return undefined;
}

function works(prefix: readonly string[]): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-private-tmp-'));
  try {
    const probe = spawnSync(prefix[0] as string, [...prefix.slice(1), dir, 'sh', '-c', 'touch /tmp/probe'], {
      stdio: 'ignore',
      timeout: 5000,
    });
    return probe.status === 0 && existsSync(join(dir, 'probe'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
