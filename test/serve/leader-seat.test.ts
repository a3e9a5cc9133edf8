import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaderSeat } from '../../src/serve/leader-seat.js';
import type { LeaderWork } from '../../src/serve/leader-work.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Leader's work that writes when it starts and stops, taking `startMs` to start. */
function workLog(startMs = 0, failures = 0) {
  const log: string[] = [];
  let term = 0;
  let failing = failures;
  const begin = async (): Promise<LeaderWork> => {
    if (startMs > 0) await new Promise((resolve) => setTimeout(resolve, startMs));
    if (failing > 0) {
      failing -= 1;
      throw new Error('API server unreachable');
    }
    term += 1;
    const mine = term;
    log.push(`start ${mine} at ${Date.now()}`);
    return {
      ready: () => true,
      setKillSwitch: () => {},
      setPolicies: () => {},
      stop: async () => {
        log.push(`stop ${mine} at ${Date.now()}`);
      },
    };
  };
  return { log, begin };
}

describe('LeaderSeat', () => {
  it('starts and stops the leader’s work in the order leadership changes, never two at once', async () => {
    const { log, begin } = workLog(1000);
    const seat = new LeaderSeat(begin, () => {}, 500);
    void seat.take();
    void seat.leave(); // lost while still starting: the start finishes, then it stops
    void seat.take();
    await vi.advanceTimersByTimeAsync(5000);
    expect(log).toEqual(['start 1 at 1000', 'stop 1 at 1000', 'start 2 at 2000']);
    expect(seat.current).toBeDefined();
    await seat.leave();
    expect(seat.current).toBeUndefined();
  });

  it('retries a start that failed while it still leads, and gives up once it no longer does', async () => {
    const { log, begin } = workLog(0, 2);
    const failures: number[] = [];
    const seat = new LeaderSeat(begin, (_, retryInMs) => failures.push(retryInMs), 500);
    void seat.take();
    await vi.advanceTimersByTimeAsync(2000);
    expect(failures).toEqual([500, 500]);
    expect(log).toEqual(['start 1 at 1000']);

    const never = workLog(0, Number.POSITIVE_INFINITY);
    const lost = new LeaderSeat(never.begin, () => {}, 500);
    const taking = lost.take();
    await vi.advanceTimersByTimeAsync(1200);
    void lost.leave();
    await vi.advanceTimersByTimeAsync(500);
    await taking;
    expect(lost.current).toBeUndefined();
  });

  it('fails at once when it is the only replica, so the service does not start half-way', async () => {
    const { begin } = workLog(0, 1);
    const seat = new LeaderSeat(begin, () => {}, 500);
    await expect(seat.takeAlone()).rejects.toThrow('API server unreachable');
    expect(seat.current).toBeUndefined();
  });
});
