import type { LeaderWork } from './leader-work.js';

/**
 * The leader's work in one process: started when this replica is elected and stopped when it is not, one
 * transition at a time whatever order elections come in. A start that fails (the API server unreachable while
 * restoring the revisions, say) is retried while this replica still leads.
 */
export class LeaderSeat {
  private work: LeaderWork | undefined;
  private wanted = false;
  private transition: Promise<void> = Promise.resolve();

  constructor(
    private readonly begin: () => Promise<LeaderWork>,
    private readonly failed: (error: unknown, retryInMs: number) => void,
    private readonly retryMs: number,
  ) {}

  /** The leader's work while it runs. */
  get current(): LeaderWork | undefined {
    return this.work;
  }

  /** Starts the leader's work (once); resolves when it runs, or when leadership was lost before it could. */
  take(): Promise<void> {
    this.wanted = true;
    return this.afterPrevious(async () => {
      while (this.wanted && this.work === undefined) {
        try {
          this.work = await this.begin();
        } catch (error) {
          this.failed(error, this.retryMs);
          await new Promise((resolve) => setTimeout(resolve, this.retryMs));
        }
      }
    });
  }

  /** Starts the leader's work of the only replica there is, at once; rejects if it cannot start. */
  takeAlone(): Promise<void> {
    this.wanted = true;
    return this.afterPrevious(async () => {
      this.work = await this.begin();
    });
  }

  /** Stops the leader's work; resolves once everything it had in flight is done. */
  leave(): Promise<void> {
    this.wanted = false;
    return this.afterPrevious(async () => {
      const work = this.work;
      this.work = undefined;
      await work?.stop();
    });
  }

  private afterPrevious(step: () => Promise<void>): Promise<void> {
    const done = this.transition.then(step);
    this.transition = done.catch(() => {});
    return done;
  }
}
