import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Background processes of the control plane: each runs detached in its own process group, logs to
 * `<dir>/logs/<name>.log` and leaves `<dir>/pids/<name>.pid`, so `down` (even from another shell) can stop
 * it and everything it started.
 */
export class Processes {
  constructor(private readonly dir: string) {}

  /**
   * Starts `command` unless a live process of that name is already running with the same command line and
   * `version` (such as a hash of its sources); one started otherwise is stopped and replaced. Returns its pid.
   */
  async start(
    name: string,
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
    sources = '',
  ): Promise<number> {
    const version = createHash('sha256')
      .update(JSON.stringify([command, args, sources]))
      .digest('hex');
    const running = this.pid(name);
    if (running !== undefined && this.version(name) === version) return running;
    if (running !== undefined) await this.stop(name);
    mkdirSync(join(this.dir, 'logs'), { recursive: true });
    mkdirSync(join(this.dir, 'pids'), { recursive: true });
    const log = openSync(this.logFile(name), 'a');
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env });
    if (child.pid === undefined) throw new Error(`cannot start ${name} (${command})`);
    child.unref();
    writeFileSync(this.pidFile(name), String(child.pid));
    writeFileSync(this.versionFile(name), version);
    return child.pid;
  }

  private version(name: string): string {
    return existsSync(this.versionFile(name)) ? readFileSync(this.versionFile(name), 'utf8') : '';
  }

  private versionFile(name: string): string {
    return join(this.dir, 'pids', `${name}.version`);
  }

  /** The pid of a live process of that name, if any. */
  pid(name: string): number | undefined {
    if (!existsSync(this.pidFile(name))) return undefined;
    const pid = Number(readFileSync(this.pidFile(name), 'utf8'));
    return isAlive(pid) ? pid : undefined;
  }

  /** Stops a process group with SIGTERM, then SIGKILL after `graceMs`. */
  async stop(name: string, graceMs = 10_000): Promise<void> {
    const pid = this.pid(name);
    rmSync(this.pidFile(name), { force: true });
    if (pid === undefined) return;
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) signal(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }

  /** The last lines a process logged, for error messages. */
  tail(name: string, lines = 15): string {
    if (!existsSync(this.logFile(name))) return '(no log)';
    return readFileSync(this.logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  logFile(name: string): string {
    return join(this.dir, 'logs', `${name}.log`);
  }

  private pidFile(name: string): string {
    return join(this.dir, 'pids', `${name}.pid`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pid, name);
  } catch {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/**
 * `count` distinct TCP ports of 127.0.0.1 that nothing listens on right now. Every port is held until all are
 * found: the kernel may hand out a port again as soon as it is closed, so one at a time could repeat one.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, listenAnywhere));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  return ports;
}

function listenAnywhere(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
