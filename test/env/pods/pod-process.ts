import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from './private-path.js';

/** How a process ended: its exit code (128 + signal number when killed) and the last lines it wrote. */
export interface ProcessEnd {
  readonly code: number;
  readonly output: string;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGTERM: 15, SIGKILL: 9, SIGINT: 2 };

/**
 * One container's process: started in a process group of its own, writing to the pod's log file, stopped as a
 * kubelet stops a container (SIGTERM to the whole group, SIGKILL after the grace period).
 */
export class PodProcess {
  readonly ended: Promise<ProcessEnd>;
  private readonly pid: number | undefined;
  private exited = false;

  constructor(run: Command, options: { env: Record<string, string>; cwd: string; logFile: string }) {
    const log = openSync(options.logFile, 'a');
    const child = spawn(run.command, [...run.args], {
      env: options.env,
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', log, log],
    });
    this.pid = child.pid;
    this.ended = new Promise((resolve) => {
      const finish = (code: number) => {
        this.exited = true;
        closeSync(log);
        resolve({ code, output: tail(options.logFile) });
      };
      child.on('error', (error) => {
        appendFileSync(options.logFile, `cannot start ${run.command}: ${error.message}\n`);
        finish(127);
      });
      child.on('exit', (code, signal) => finish(code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 1)));
    });
  }

  /** SIGTERM to the process group, SIGKILL after `graceSeconds`; resolves once the process has ended. */
  async stop(graceSeconds: number): Promise<ProcessEnd> {
    this.signal('SIGTERM');
    const killed = await Promise.race([this.ended, sleep(graceSeconds * 1000).then(() => undefined)]);
    if (killed === undefined) this.signal('SIGKILL');
    return this.ended;
  }

  private signal(name: NodeJS.Signals): void {
    if (this.exited || this.pid === undefined) return;
    try {
      process.kill(-this.pid, name);
    } catch {
      // already gone
    }
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
