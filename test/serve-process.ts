import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `chaosflow serve` running as its own process, as in a cluster, and the port it listens on. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly port: number;
}

/** The NODE_OPTIONS of the image (its Dockerfile's ENV), so tests and benchmarks run serve as it runs there. */
function imageNodeOptions(): Record<string, string> {
  const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
  const options = /\bNODE_OPTIONS=(\S+)/.exec(dockerfile)?.[1];
  return options === undefined ? {} : { NODE_OPTIONS: options };
}

/**
 * Starts `chaosflow serve <args>`, with the image's node options, against the cluster of `kubeconfig`, with
 * `token` as its HTTP credential; resolves once it listens, and rejects with its output if it exits before.
 */
export function spawnServe(
  args: readonly string[],
  kubeconfig: string,
  token: string,
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../bin/chaosflow.js', import.meta.url)), 'serve', ...args],
    {
      env: { ...process.env, ...imageNodeOptions(), KUBECONFIG: kubeconfig, CHAOSFLOW_TRIGGER_TOKEN: token },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const port = /listening on :(\d+)/.exec(text)?.[1];
      if (port !== undefined) resolve({ child, port: Number(port) });
    });
    child.once('exit', (code) => reject(new Error(`chaosflow serve exited with ${code}: ${text}`)));
  });
}

/** The arguments that keep `chaosflow serve` to one namespace: its own, its workloads' and its templates'. */
export function oneNamespace(namespace: string): string[] {
  return ['--namespace', namespace, '--watch-namespace', namespace, '--template-namespace', namespace];
}
