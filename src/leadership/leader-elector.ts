import type { LeaseRecord, LeaseStore, StoredLease } from './lease-store.js';

/** How a candidate competes for the Lease (client-go's leader election, with its meaning of each duration). */
export interface LeaderElectionTimings {
  /** How long followers wait, after they last saw the Lease change, before they may take it. */
  readonly leaseDurationMs: number;
  /** How long the leader keeps trying to renew before it gives up leading. */
  readonly renewDeadlineMs: number;
  /** How often the leader renews and followers try to acquire. */
  readonly retryPeriodMs: number;
}

/** client-go's defaults, used by kube-controller-manager and Argo's workflow-controller alike. */
export const DEFAULT_LEADER_ELECTION_TIMINGS: LeaderElectionTimings = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/** What the elector tells the process it runs in. */
export interface LeadershipHandlers {
  /** This candidate now leads: start the work only one replica may do. Not awaited: renewals go on. */
  startedLeading(): void;
  /** This candidate no longer leads: stop that work, and resolve once it has stopped. */
  stoppedLeading(): Promise<void>;
  /** Another candidate leads now (`''` when none does). */
  leaderChanged(holder: string): void;
  /** A read or write of the Lease failed; the elector retries on its own. */
  failed(error: unknown): void;
}

/**
 * What is wrong with these timings, or `undefined`: the leader must give up (renew deadline) before a follower
 * may take over (lease duration), and must be able to retry within the deadline.
 */
export function leaderElectionTimingsProblem(timings: LeaderElectionTimings): string | undefined {
  const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = timings;
  if (leaseDurationMs < 1000) return 'the lease duration must be at least 1s';
  if (renewDeadlineMs >= leaseDurationMs)
    return 'the renew deadline must be shorter than the lease duration, or two replicas could both lead';
  if (retryPeriodMs * 1.2 >= renewDeadlineMs)
    return 'the retry period must be well under the renew deadline (at most 1/1.2 of it)';
  return undefined;
}

/**
 * Leader election on one Lease, as client-go does it, because the JavaScript client has none: a candidate
 * takes the Lease when it is free, released, or was not renewed within its duration, and the leader renews it
 * every retry period. Expiry is measured on this process's clock from when it last saw the Lease change, never
 * by comparing its clock with the holder's, so clock skew between nodes cannot hand the Lease over early. The
 * leader stops leading once it could not renew for the renew deadline, which is shorter than the duration a
 * follower waits: the old leader has stopped before a new one can start. On `stop()` the Lease is released,
 * so a follower takes over at its next try instead of after a full duration.
 */
export class LeaderElector {
  private leading = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private stepping: Promise<void> | undefined;
  private lastRenewal = 0;
  private observed: { version: string; holder: string; at: number } | undefined;

  constructor(
    private readonly store: LeaseStore,
    private readonly identity: string,
    private readonly timings: LeaderElectionTimings,
    private readonly handlers: LeadershipHandlers,
    private readonly now: () => number = Date.now,
  ) {
    const problem = leaderElectionTimingsProblem(timings);
    if (problem !== undefined) throw new Error(`leader election: ${problem}`);
  }

  /** Whether this candidate leads now. */
  isLeader(): boolean {
    return this.leading;
  }

  /** Starts competing for the Lease: one try now, then one every retry period. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops competing; if this candidate leads, stops its work first and then releases the Lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.stepping;
    if (this.leading) {
      this.leading = false;
      await this.handlers.stoppedLeading();
    }
    // Also when a try in flight took the Lease as stop() was called: release() only touches our own claim.
    await this.release().catch((error: unknown) => this.handlers.failed(error));
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.stepping = this.step().finally(() => {
        this.stepping = undefined;
        if (!this.stopped) this.schedule(this.timings.retryPeriodMs);
      });
    }, delayMs);
  }

  private async step(): Promise<void> {
    const held = await this.tryAcquireOrRenew().catch((error: unknown) => {
      this.handlers.failed(error);
      return false;
    });
    if (this.stopped) return;
    if (held) {
      this.lastRenewal = this.now();
      if (!this.leading) {
        this.leading = true;
        this.handlers.startedLeading();
      }
    } else if (this.leading && this.now() - this.lastRenewal >= this.timings.renewDeadlineMs) {
      this.leading = false;
      await this.handlers.stoppedLeading();
    }
  }

  /** Takes or renews the Lease; false when another candidate holds it or wrote it first. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date(this.now());
    const current = await this.store.read();
    if (current === undefined) {
      const created = await this.store.create(this.claim(now, undefined));
      return created !== 'conflict' && this.observe(created);
    }
    this.observe(current);
    if (current.holder !== '' && current.holder !== this.identity && !this.expired(current)) return false;
    const replaced = await this.store.replace(current.version, this.claim(now, current));
    return replaced !== 'conflict' && this.observe(replaced);
  }

  private claim(now: Date, current: LeaseRecord | undefined): LeaseRecord {
    const renewing = current?.holder === this.identity;
    return {
      holder: this.identity,
      durationSeconds: Math.ceil(this.timings.leaseDurationMs / 1000),
      acquiredAt: renewing ? (current?.acquiredAt ?? now) : now,
      renewedAt: now,
      transitions: current === undefined ? 0 : current.transitions + (renewing ? 0 : 1),
    };
  }

  /** Notes when the Lease was last seen to change; tells a new holder to the handlers. Always true. */
  private observe(lease: StoredLease): true {
    if (this.observed?.version === lease.version) return true;
    if (this.observed?.holder !== lease.holder && lease.holder !== this.identity)
      this.handlers.leaderChanged(lease.holder);
    this.observed = { version: lease.version, holder: lease.holder, at: this.now() };
    return true;
  }

  private expired(lease: StoredLease): boolean {
    const seenAt = this.observed?.at ?? this.now();
    return this.now() >= seenAt + lease.durationSeconds * 1000;
  }

  /** Hands the Lease back: no holder, a one-second duration, so a follower takes it at its next try. */
  private async release(): Promise<void> {
    const current = await this.store.read();
    if (current === undefined || current.holder !== this.identity) return;
    const now = new Date(this.now());
    await this.store.replace(current.version, {
      holder: '',
      durationSeconds: 1,
      acquiredAt: now,
      renewedAt: now,
      transitions: current.transitions,
    });
  }
}
