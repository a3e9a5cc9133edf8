import type { SyncReport } from './sync.js';

/** Where the loop reports each sync. */
export interface SyncLoopReporter {
  synced(report: SyncReport, seconds: number): void;
  failed(error: unknown, retryInMs: number): void;
}

/** After a failed sync, wait this long, doubling per failure up to the interval. */
const FIRST_RETRY_MS = 5_000;

/**
 * Runs GitOps syncs: one at once; from `start()` to `stop()` the first at once and then every `intervalMs`;
 * and at once on request (a push hook), started or not; a request during a sync runs one more right after it.
 * A failed sync (git unreachable, say) changed nothing in the cluster, so the last good state stays; the next
 * periodic attempt backs off from 5 s up to the interval. (Only the leader of several replicas syncs
 * periodically; any replica syncs on request, and a sync is idempotent.)
 */
export class SyncLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private periodic = false;

  constructor(
    private readonly syncOnce: () => Promise<SyncReport>,
    private readonly intervalMs: number,
    private readonly reporter: SyncLoopReporter,
  ) {}

  /** Syncs now and then every interval, until {@link stop}. */
  start(): void {
    this.periodic = true;
    this.request();
  }

  /** Syncs now, or right after the sync in progress. */
  request(): 'started' | 'queued' {
    if (this.running !== undefined) {
      this.again = true;
      return 'queued';
    }
    clearTimeout(this.timer);
    this.running = this.run();
    return 'started';
  }

  /** Stops syncing every interval, and waits for the sync in progress; requests still sync. */
  async stop(): Promise<void> {
    this.periodic = false;
    clearTimeout(this.timer);
    while (this.running !== undefined) await this.running;
  }

  private async run(): Promise<void> {
    let delay = this.intervalMs;
    const started = Date.now();
    try {
      this.reporter.synced(await this.syncOnce(), (Date.now() - started) / 1000);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      delay = Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), this.intervalMs);
      this.reporter.failed(error, delay);
    }
    this.running = undefined;
    if (this.again) {
      this.again = false;
      this.request();
      return;
    }
    if (this.periodic) this.timer = setTimeout(() => this.request(), delay);
  }
}
