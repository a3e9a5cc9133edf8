import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncReport } from '../../src/gitops/sync.js';
import { SyncLoop } from '../../src/gitops/sync-loop.js';

const report: SyncReport = { commit: 'c1', files: [], actions: [] };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SyncLoop', () => {
  it('syncs at start and every interval, one at a time, with a request during a sync run right after it', async () => {
    let release: () => void = () => {};
    const runs: number[] = [];
    const loop = new SyncLoop(
      () =>
        new Promise<SyncReport>((resolve) => {
          runs.push(Date.now());
          release = () => resolve(report);
        }),
      60_000,
      { synced: () => {}, failed: () => {} },
    );
    loop.start();
    expect(runs).toHaveLength(1);
    expect(loop.request()).toBe('queued');
    expect(loop.request()).toBe('queued');
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
    release();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(3);
    release();
    await loop.stop();
  });

  it('backs off after failures, from 5 s doubling up to the interval, and recovers', async () => {
    const delays: number[] = [];
    let failing = true;
    const loop = new SyncLoop(
      async () => {
        if (failing) throw new Error('git unreachable');
        return report;
      },
      30_000,
      { synced: () => {}, failed: (_, retryInMs) => delays.push(retryInMs) },
    );
    loop.start();
    for (const step of [5_000, 10_000, 20_000, 30_000]) await vi.advanceTimersByTimeAsync(step);
    expect(delays).toEqual([5_000, 10_000, 20_000, 30_000, 30_000]);
    failing = false;
    await vi.advanceTimersByTimeAsync(30_000);
    failing = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(delays.at(-1)).toBe(5_000);
    await loop.stop();
  });
});

describe('SyncLoop on a replica that does not lead', () => {
  it('syncs on request without syncing every interval, until it is started; stop() ends the interval again', async () => {
    const runs: number[] = [];
    const loop = new SyncLoop(
      async () => {
        runs.push(Date.now());
        return report;
      },
      60_000,
      { synced: () => {}, failed: () => {} },
    );
    expect(loop.request()).toBe('started');
    await vi.advanceTimersByTimeAsync(180_000);
    expect(runs).toHaveLength(1);
    loop.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runs).toHaveLength(4);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(runs).toHaveLength(4);
    expect(loop.request()).toBe('started');
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(5);
  });
});
