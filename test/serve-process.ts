import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** `chaosflow serve` running as its own process, as in a cluster, and the port it listens on. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly port: number;
}

/**
 * Starts `chaosflow serve <args>` against the cluster of `kubeconfig`, with `token` as its HTTP credential;
 * resolves once it listens, and rejects with its output if it exits before.
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
      env: { ...process.env, KUBECONFIG: kubeconfig, CHAOSFLOW_TRIGGER_TOKEN: token },
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
