import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A command and its arguments. */
export interface Command {
  readonly command: string;
  readonly args: readonly string[];
}

/** Runs `inner` with a file of its own bind-mounted over one fixed path. */
export type WithPrivatePath = (own: string, inner: Command) => Command;

/**
 * How this machine can give a process a file of its own at a fixed path, as a container has its own filesystem:
 * a mount namespace (util-linux `unshare`) in which the process's file is bind-mounted over `path`, and nothing
 * else changes (the process still sees its binary, kubeconfig and certificates wherever they are, /tmp
 * included). As root a mount namespace suffices; otherwise a user namespace maps the caller to root in it.
 * Undefined when neither works; the caller then runs such processes one at a time.
 */
export function privatePathSupport(path: string): WithPrivatePath | undefined {
  const script = `touch '${path}' && mount --bind "$0" '${path}' && exec "$@"`;
  for (const namespaces of [['--mount'], ['--mount', '--map-root-user']]) {
    const prefix = ['unshare', ...namespaces, '--propagation', 'private', '--', 'sh', '-c', script];
    if (works(prefix, path))
      return (own, inner) => ({
        command: prefix[0] as string,
        args: [...prefix.slice(1), own, inner.command, ...inner.args],
      });
  }
  return undefined;
}

function works(prefix: readonly string[], path: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-private-path-'));
  const own = join(dir, 'own');
  try {
    writeFileSync(own, '');
    const probe = spawnSync(
      prefix[0] as string,
      [...prefix.slice(1), own, 'sh', '-c', `echo private > '${path}'`],
      { stdio: 'ignore', timeout: 5000 },
    );
    return probe.status === 0 && readFileSync(own, 'utf8') === 'private\n';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
