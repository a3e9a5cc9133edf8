import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type LeaderElectionTimings,
  LeaderElector,
  leaderElectionTimingsProblem,
} from '../../src/leadership/leader-elector.js';
import type { LeaseRecord, LeaseStore, StoredLease } from '../../src/leadership/lease-store.js';

const TIMINGS: LeaderElectionTimings = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/** One Lease in memory with the API server's optimistic concurrency: a write names the version it read. */
class MemoryLease {
  lease: StoredLease | undefined;
  private version = 0;

  /** The Lease as one candidate reaches it; while `link.down`, every call fails as an unreachable server does. */
  storeFor(link: { down: boolean }): LeaseStore {
    const reachable = () => {
      if (link.down) throw new Error('connect ECONNREFUSED');
    };
    return {
      where: 'chaosflow/chaosflow-leader',
      read: async () => {
        reachable();
        return this.lease;
      },
      create: async (record) => {
        reachable();
        if (this.lease !== undefined) return 'conflict';
        return this.write(record);
      },
      replace: async (version, record) => {
        reachable();
        if (this.lease?.version !== version) return 'conflict';
        return this.write(record);
      },
    };
  }

  private write(record: LeaseRecord): StoredLease {
    this.version += 1;
    this.lease = { ...record, version: String(this.version) };
    return this.lease;
  }
}

interface Candidate {
  readonly elector: LeaderElector;
  readonly link: { down: boolean };
  readonly log: string[];
}

/** A candidate whose handlers write what happened, with the fake clock's time, to a shared log. */
function candidate(lease: MemoryLease, identity: string, log: string[]): Candidate {
  const link = { down: false };
  const at = () => `${Date.now() / 1000}s`;
  const elector = new LeaderElector(lease.storeFor(link), identity, TIMINGS, {
    startedLeading: () => log.push(`${at()} ${identity} leads`),
    stoppedLeading: async () => {
      log.push(`${at()} ${identity} stops`);
    },
    leaderChanged: () => {},
    failed: () => {},
  });
  return { elector, link, log };
}

/** Candidate `a` started first, so it leads, and `b` started right after it. */
async function leaderThenFollower() {
  const lease = new MemoryLease();
  const log: string[] = [];
  const a = candidate(lease, 'a', log);
  const b = candidate(lease, 'b', log);
  a.elector.start();
  await vi.advanceTimersByTimeAsync(0);
  b.elector.start();
  return { lease, log, a, b };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LeaderElector', () => {
  it('creates the Lease and leads; a second candidate follows for as long as the leader renews', async () => {
    const { lease, log, a, b } = await leaderThenFollower();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log).toEqual(['0s a leads']);
    expect([a.elector.isLeader(), b.elector.isLeader()]).toEqual([true, false]);
    expect(lease.lease).toMatchObject({ holder: 'a', durationSeconds: 15, transitions: 0 });
    expect(lease.lease?.renewedAt?.getTime()).toBe(120_000);
    expect(lease.lease?.acquiredAt?.getTime()).toBe(0);
  });

  it('lets exactly one of two candidates that start together lead', async () => {
    const lease = new MemoryLease();
    const log: string[] = [];
    const candidates = [candidate(lease, 'a', log), candidate(lease, 'b', log)];
    for (const { elector } of candidates) elector.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(candidates.filter(({ elector }) => elector.isLeader())).toHaveLength(1);
    expect(log).toHaveLength(1);
  });

  it('stops a leader cut off from the API server at its renew deadline, before a follower may take over', async () => {
    const { lease, log, a } = await leaderThenFollower();
    await vi.advanceTimersByTimeAsync(10_000);
    a.link.down = true; // its last renewal was at 10 s
    await vi.advanceTimersByTimeAsync(30_000);
    // a gives up at its first failed try at or after 10 s + 10 s; b saw the Lease change last at 10 s, and takes
    // it at its first try at or after 10 s + 15 s.
    expect(log).toEqual(['0s a leads', '20s a stops', '26s b leads']);
    expect(lease.lease).toMatchObject({ holder: 'b', transitions: 1 });
  });

  it('hands over at the next try when the leader stops: the Lease is released, not left to expire', async () => {
    const { lease, log, a } = await leaderThenFollower();
    await vi.advanceTimersByTimeAsync(9_000);
    await a.elector.stop();
    expect(lease.lease).toMatchObject({ holder: '', durationSeconds: 1 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(log).toEqual(['0s a leads', '9s a stops', '10s b leads']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toHaveLength(3);
  });

  it('waits a whole lease duration from when it first sees a held Lease, whatever the renew time says', async () => {
    const lease = new MemoryLease();
    const old = lease.storeFor({ down: false });
    // A Lease renewed long ago by a holder that is gone: a newcomer cannot tell a dead holder from a skewed clock.
    await old.create({
      holder: 'gone',
      durationSeconds: 15,
      renewedAt: new Date(-3_600_000),
      transitions: 4,
    });
    const log: string[] = [];
    candidate(lease, 'b', log).elector.start();
    await vi.advanceTimersByTimeAsync(14_000);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(log).toEqual(['16s b leads']);
    expect(lease.lease).toMatchObject({ holder: 'b', transitions: 5 });
  });

  it('keeps leading through failed renewals shorter than the renew deadline', async () => {
    const lease = new MemoryLease();
    const log: string[] = [];
    const a = candidate(lease, 'a', log);
    a.elector.start();
    await vi.advanceTimersByTimeAsync(4_000);
    a.link.down = true;
    await vi.advanceTimersByTimeAsync(8_000);
    a.link.down = false;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(log).toEqual(['0s a leads']);
    expect(a.elector.isLeader()).toBe(true);
  });
});

describe('leaderElectionTimingsProblem', () => {
  it.each<[Partial<LeaderElectionTimings>, string | undefined]>([
    [{}, undefined],
    [
      { renewDeadlineMs: 15_000 },
      'the renew deadline must be shorter than the lease duration, or two replicas could both lead',
    ],
    [
      { retryPeriodMs: 9_000 },
      'the retry period must be well under the renew deadline (at most 1/1.2 of it)',
    ],
    [
      { leaseDurationMs: 500, renewDeadlineMs: 400, retryPeriodMs: 100 },
      'the lease duration must be at least 1s',
    ],
    [{ leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 }, undefined],
  ])('%o → %s', (change, problem) => {
    expect(leaderElectionTimingsProblem({ ...TIMINGS, ...change })).toBe(problem);
  });
});
