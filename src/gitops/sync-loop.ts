import type { SyncReport } from './sync.js';

/** Where the loop reports each sync. */
export interface SyncLoopReporter {
  synced(report: SyncReport, seconds: number): void;
  failed(error: unknown, retryInMs: number): void;
}

/** After a failed sync, wait this long, doubling per failure up to the interval. */
const FIRST_RETRY_MS = 5_000;

/**
 * Runs GitOps syncs: one at once, the first at start, then every `intervalMs`, and at once on request (a push
 * hook); a request during a sync runs one more right after it. A failed sync (git unreachable, say) changed
 * nothing in the cluster, so the last good state stays; the next attempt backs off from 5 s up to the
 * interval.
 */
export class SyncLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly syncOnce: () => Promise<SyncReport>,
    private readonly intervalMs: number,
    private readonly reporter: SyncLoopReporter,
  ) {}

  start(): void {
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

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
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
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.request();
      return;
    }
    this.timer = setTimeout(() => this.request(), delay);
  }
}
