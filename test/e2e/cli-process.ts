import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/chaosflow.js', import.meta.url));

/** How a `chaosflow` process ended, and what it printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How long a process may run before it is killed: shorter than the tests' timeouts, so a test sees its output. */
const KILL_AFTER_MS = 360_000;

/**
 * Runs `chaosflow <args>` as its own process against the cluster of `kubeconfig`, its output through pipes;
 * `whileRunning` is told what it has printed so far, after each chunk, and may signal the process. A process
 * still running after {@link KILL_AFTER_MS} is killed (code null), so a test fails with what it printed rather
 * than time out and leave it running.
 */
export function chaosflowCli(
  args: readonly string[],
  kubeconfig: string,
  whileRunning?: (
    printed: { stdout: string; stderr: string },
    signal: (name: NodeJS.Signals) => void,
  ) => void,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const told = () => whileRunning?.({ stdout, stderr }, (name) => child.kill(name));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      told();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      told();
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}
