import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Guardian } from '../../src/guardian/guardian.js';
import type { GuardianCluster, GuardianEvent, GuardianReporter } from '../../src/guardian/ports.js';
import type { Reading } from '../../src/guardian/reading.js';
import type { RunRef, RunView } from '../../src/guardian/run.js';
import type { Guard } from '../../src/model/guard.js';
import { encodeGuards } from '../../src/model/guarded-run.js';

const errorRate: Guard = {
  type: 'prometheus',
  name: 'error-rate',
  endpoint: 'http://prometheus:9090',
  query: 'errors',
  above: 5,
  whenUnavailable: 'abort',
  for: '30s',
  every: '10s',
};
const health: Guard = {
  type: 'http',
  name: 'health',
  url: 'http://web/healthz',
  timeout: '5s',
  for: '0s',
  every: '5s',
};

function runWith(guards: readonly Guard[], overrides: Partial<RunView> = {}): RunView {
  return {
    namespace: 'litmus',
    name: 'gameday-x7k2p',
    uid: 'uid-1',
    experiment: 'gameday',
    phase: 'Running',
    conditions: encodeGuards(guards),
    ...overrides,
  };
}

/** A cluster that records what the guardian did, and can be told to refuse writes. */
class RecordingCluster implements GuardianCluster {
  readonly answers: string[] = [];
  readonly stops: string[] = [];
  readonly events: GuardianEvent[] = [];
  failuresLeft = 0;

  async answer(run: RunRef, answer: string, reason?: string): Promise<void> {
    this.maybeFail();
    this.answers.push(`${run.name} ${answer}${reason === undefined ? '' : `: ${reason}`}`);
  }

  async stop(run: RunRef, reason: string): Promise<void> {
    this.maybeFail();
    this.stops.push(`${run.name}: ${reason}`);
  }

  async recordEvent(_run: RunRef, event: GuardianEvent): Promise<void> {
    this.events.push(event);
  }

  private maybeFail(): void {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('503 Service Unavailable');
    }
  }
}

/** Readings given per condition name, one after another; the last repeats. */
function scriptedReader(script: Record<string, Reading[]>) {
  const calls: string[] = [];
  const read = async (guard: Guard): Promise<Reading> => {
    calls.push(guard.name);
    const readings = script[guard.name] ?? [];
    return readings.length > 1 ? (readings.shift() as Reading) : (readings[0] as Reading);
  };
  return { read, calls };
}

type Recorded = { aborts: string[]; refusals: string[]; emergencyStops: string[]; watched: number[] };
const reporter = (): GuardianReporter & Recorded => {
  const record: Recorded = { aborts: [], refusals: [], emergencyStops: [], watched: [] };
  return {
    ...record,
    evaluated: () => {},
    aborted: (experiment, condition) => record.aborts.push(`${experiment}/${condition}`),
    refused: (experiment) => record.refusals.push(experiment),
    emergencyStopped: (experiment) => record.emergencyStops.push(experiment),
    watching: (runs) => record.watched.push(runs),
    log: () => {},
  };
};

const clear: Reading = { state: 'clear', detail: '1 <= 5' };
const breached: Reading = { state: 'breached', detail: '12 > 5' };
const down: Reading = { state: 'unavailable', detail: 'Prometheus at http://prometheus:9090 did not answer' };

describe('the guardian', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-05T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('answers a guarded run once, and evaluates each condition every `every`', async () => {
    const cluster = new RecordingCluster();
    const { read, calls } = scriptedReader({ 'error-rate': [clear], health: [clear] });
    const guardian = new Guardian(cluster, read, reporter());
    guardian.observe(runWith([errorRate, health]));
    guardian.observe(runWith([errorRate, health], { answer: 'watching' }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cluster.answers).toEqual(['gameday-x7k2p watching']);
    // at 0 s both; then health at 5 s and 10 s, the error rate at 10 s
    expect(calls).toEqual(['error-rate', 'health', 'health', 'error-rate', 'health']);
    expect(guardian.watchedRuns).toBe(1);
  });

  it('takes over a run it answered before a restart without answering it again', async () => {
    const cluster = new RecordingCluster();
    const { read, calls } = scriptedReader({ health: [clear] });
    const guardian = new Guardian(cluster, read, reporter());
    guardian.observe(runWith([health], { answer: 'watching' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.answers).toEqual([]);
    expect(calls).toEqual(['health']);
  });

  it('stops the run only once a condition has held at every evaluation for its `for`', async () => {
    const cluster = new RecordingCluster();
    const record = reporter();
    // breached at 0 s, clear at 10 s (the count starts again), breached from 20 s on: 20 + 30 = 50 s
    const { read } = scriptedReader({ 'error-rate': [breached, clear, breached] });
    const guardian = new Guardian(cluster, read, record);
    guardian.observe(runWith([errorRate]));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(cluster.stops).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cluster.stops).toEqual([
      'gameday-x7k2p: abort condition "error-rate" held for 30s: 12 > 5 (2026-12-05T10:00:50.000Z)',
    ]);
    expect(cluster.events).toEqual([
      {
        type: 'Warning',
        reason: 'ChaosAborted',
        message: 'abort condition "error-rate" held for 30s: 12 > 5',
      },
    ]);
    expect(record.aborts).toEqual(['gameday/error-rate']);
    expect(guardian.watchedRuns).toBe(0);
  });

  it('stops at the first breach of a condition without `for`, and evaluates nothing after', async () => {
    const cluster = new RecordingCluster();
    const { read, calls } = scriptedReader({ health: [{ state: 'breached', detail: 'answered 503' }] });
    const guardian = new Guardian(cluster, read, reporter());
    guardian.observe(runWith([health]));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cluster.stops).toEqual([
      'gameday-x7k2p: abort condition "health" held: answered 503 (2026-12-05T10:00:00.000Z)',
    ]);
    expect(calls).toEqual(['health']);
  });

  it('counts an unavailable reading as a breach unless the condition says continue', async () => {
    const tolerant: Guard = { ...errorRate, name: 'tolerant', for: '0s', whenUnavailable: 'continue' };
    const strict: Guard = { ...errorRate, name: 'strict', for: '20s' };
    const cluster = new RecordingCluster();
    const { read } = scriptedReader({ tolerant: [down], strict: [down] });
    const guardian = new Guardian(cluster, read, reporter());
    guardian.observe(runWith([tolerant, strict]));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(cluster.stops).toEqual([
      'gameday-x7k2p: abort condition "strict" could not be evaluated (whenUnavailable: abort) for 20s: Prometheus at http://prometheus:9090 did not answer (2026-12-05T10:00:20.000Z)',
    ]);
  });

  it('retries a stop the API server refused until it lands', async () => {
    const cluster = new RecordingCluster();
    const { read } = scriptedReader({ health: [{ state: 'breached', detail: 'answered 503' }] });
    const guardian = new Guardian(cluster, read, reporter(), { retryMs: 1000 });
    guardian.observe(runWith([health], { answer: 'watching' }));
    cluster.failuresLeft = 2;
    await vi.advanceTimersByTimeAsync(1_500);
    expect(cluster.stops).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cluster.stops).toHaveLength(1);
  });

  it('lets a run go when it ends, is stopped by someone else, or disappears', async () => {
    const cluster = new RecordingCluster();
    const { read, calls } = scriptedReader({ health: [clear] });
    const guardian = new Guardian(cluster, read, reporter());
    guardian.observe(runWith([health], { uid: 'a', name: 'a' }));
    guardian.observe(runWith([health], { uid: 'b', name: 'b' }));
    guardian.observe(runWith([health], { uid: 'c', name: 'c' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(guardian.watchedRuns).toBe(3);
    guardian.observe(runWith([health], { uid: 'a', name: 'a', phase: 'Succeeded' }));
    guardian.observe(runWith([health], { uid: 'b', name: 'b', shutdown: 'Terminate' }));
    guardian.forget('c');
    const before = calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.length).toBe(before);
    expect(guardian.watchedRuns).toBe(0);
  });

  it('forgets, after a fresh list, the runs the list no longer has', async () => {
    const { read } = scriptedReader({ health: [clear] });
    const guardian = new Guardian(new RecordingCluster(), read, reporter());
    guardian.observe(runWith([health], { uid: 'gone' }));
    guardian.resync([runWith([health], { uid: 'kept' })]);
    expect(guardian.watchedRuns).toBe(1);
  });

  it('refuses, once, a run whose conditions cannot be read, and never watches unguarded runs', async () => {
    const cluster = new RecordingCluster();
    const record = reporter();
    const guardian = new Guardian(cluster, scriptedReader({}).read, record);
    const broken = runWith([], { conditions: '[{"type": "smoke"}]' });
    guardian.observe(broken);
    guardian.observe(broken);
    const { conditions: _none, ...plain } = runWith([], { uid: 'plain' });
    guardian.observe(plain);
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.answers).toEqual([
      'gameday-x7k2p refused: its abort conditions cannot be read: [0].type: "smoke" is not a known type',
    ]);
    expect(cluster.events.map((event) => event.reason)).toEqual(['ChaosRefused']);
    expect(record.refusals).toEqual(['gameday']);
    expect(guardian.watchedRuns).toBe(0);
  });

  it('stops every running run on an emergency stop, guarded or not, once each, and every run that starts until it is lifted', async () => {
    const cluster = new RecordingCluster();
    const record = reporter();
    const { read, calls } = scriptedReader({ health: [clear] });
    const guardian = new Guardian(cluster, read, record);
    const { conditions: _none, ...plain } = runWith([], { uid: 'plain', name: 'plain' });
    guardian.observe(runWith([health], { uid: 'guarded', name: 'guarded' }));
    guardian.observe(plain);
    guardian.observe({ ...plain, uid: 'done', name: 'done', phase: 'Succeeded' });
    await vi.advanceTimersByTimeAsync(0);
    guardian.setEmergencyStop({ reason: 'checkout is down' });
    guardian.setEmergencyStop({ reason: 'checkout is down' });
    guardian.observe(plain);
    guardian.observe({ ...plain, uid: 'late', name: 'late' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cluster.stops.sort()).toEqual([
      'guarded: emergency stop: checkout is down (2026-12-05T10:00:00.000Z)',
      'late: emergency stop: checkout is down (2026-12-05T10:00:00.000Z)',
      'plain: emergency stop: checkout is down (2026-12-05T10:00:00.000Z)',
    ]);
    expect(cluster.events.map((event) => `${event.reason}: ${event.message}`)).toEqual([
      'ChaosEmergencyStop: emergency stop: checkout is down',
      'ChaosEmergencyStop: emergency stop: checkout is down',
      'ChaosEmergencyStop: emergency stop: checkout is down',
    ]);
    expect(record.emergencyStops).toEqual(['gameday', 'gameday', 'gameday']);
    expect(calls).toEqual(['health']);
    guardian.setEmergencyStop(undefined);
    guardian.observe(runWith([health], { uid: 'after', name: 'after' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.stops).toHaveLength(3);
    expect(guardian.watchedRuns).toBe(1);
  });

  it('stops, during an emergency stop only, a run its engines name that the run watch never sees, once', async () => {
    const cluster = new RecordingCluster();
    const record = reporter();
    const { read } = scriptedReader({});
    const guardian = new Guardian(cluster, read, record);
    const pipeline = { namespace: 'ci', name: 'release-x1', uid: 'pipeline', experiment: 'checkout-release' };
    guardian.observeChaos(pipeline);
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.stops).toEqual([]);
    guardian.setEmergencyStop({ reason: 'checkout is down' });
    guardian.observeChaos(pipeline);
    guardian.observeChaos(pipeline);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cluster.stops).toEqual([
      'release-x1: emergency stop: checkout is down (2026-12-05T10:00:00.000Z)',
    ]);
    expect(cluster.events.map((event) => event.reason)).toEqual(['ChaosEmergencyStop']);
    expect(record.emergencyStops).toEqual(['checkout-release']);
  });

  it('holds runs that start to the policy: a window, and runs per namespace; runs seen after a restart are not judged', async () => {
    const cluster = new RecordingCluster();
    const record = reporter();
    const { read } = scriptedReader({ health: [clear] });
    const guardian = new Guardian(cluster, read, record, {
      policy: {
        maxConcurrentRunsPerNamespace: 1,
        allowedWindows: [{ days: ['sat'], start: '09:00', end: '17:00', timezone: 'UTC' }],
      },
    });
    // 2026-12-05 is a Saturday, 10:00 UTC: inside the window.
    const now = Date.now();
    const { conditions: _none, ...plain } = runWith([], {
      uid: 'first',
      name: 'first',
      created: now - 5_000,
    });
    guardian.observe(plain);
    guardian.observe({ ...plain, uid: 'second', name: 'second', created: now - 1_000 });
    guardian.observe(runWith([health], { uid: 'guarded', name: 'guarded', created: now }));
    guardian.observe({ ...plain, uid: 'old', name: 'old', created: now - 3_600_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.stops).toEqual([
      "second: blast-radius policy: 1 run already running in namespace litmus; the policy's maxConcurrentRunsPerNamespace is 1 (2026-12-05T10:00:00.000Z)",
    ]);
    expect(cluster.answers).toEqual([
      "guarded refused: blast-radius policy: 2 runs already running in namespace litmus; the policy's maxConcurrentRunsPerNamespace is 1",
    ]);
    expect(cluster.events.map((event) => event.reason)).toEqual(['ChaosRefused', 'ChaosRefused']);
    expect(guardian.watchedRuns).toBe(0);

    vi.setSystemTime(new Date('2026-12-05T18:00:00Z'));
    guardian.observe({ ...plain, uid: 'late', name: 'late', namespace: 'other', created: Date.now() });
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.stops.at(-1)).toBe(
      "late: blast-radius policy: it starts at 2026-12-05T18:00:00.000Z, outside the policy's allowed windows: sat 09:00–17:00 (UTC) (2026-12-05T18:00:00.000Z)",
    );
  });

  it('judges a run that waits for an approval when it is given, not when it was created, and answers it only then', async () => {
    const cluster = new RecordingCluster();
    const { read } = scriptedReader({ health: [clear] });
    const guardian = new Guardian(cluster, read, reporter(), {
      policy: { allowedWindows: [{ days: ['sat'], start: '09:00', end: '17:00', timezone: 'UTC' }] },
    });
    vi.setSystemTime(new Date('2026-12-05T16:30:00Z'));
    const waiting = runWith([health], {
      uid: 'late',
      name: 'late',
      created: Date.now(),
      awaitingApproval: true,
    });
    const approvedIn = runWith([health], {
      uid: 'soon',
      name: 'soon',
      created: Date.now(),
      awaitingApproval: true,
    });
    guardian.observe(waiting);
    guardian.observe(approvedIn);
    await vi.advanceTimersByTimeAsync(0);
    expect([cluster.answers, cluster.stops, guardian.watchedRuns]).toEqual([[], [], 0]);

    vi.setSystemTime(new Date('2026-12-05T16:40:00Z'));
    const { awaitingApproval: _soon, ...released } = approvedIn;
    guardian.observe({ ...released, approvedAt: Date.now() });
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.answers).toEqual(['soon watching']);

    vi.setSystemTime(new Date('2026-12-05T17:30:00Z'));
    const { awaitingApproval: _late, ...approvedLate } = waiting;
    guardian.observe({ ...approvedLate, approvedAt: Date.now() });
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.answers.at(-1)).toBe(
      "late refused: blast-radius policy: it starts at 2026-12-05T17:30:00.000Z, outside the policy's allowed windows: sat 09:00–17:00 (UTC)",
    );
    expect(guardian.watchedRuns).toBe(1);
  });

  it('does not count a run waiting for an approval against the runs a namespace allows', async () => {
    const cluster = new RecordingCluster();
    const guardian = new Guardian(cluster, scriptedReader({}).read, reporter(), {
      policy: { maxConcurrentRunsPerNamespace: 1 },
    });
    const now = Date.now();
    const { conditions: _none, ...plain } = runWith([], {
      uid: 'waiting',
      name: 'waiting',
      created: now - 5_000,
    });
    guardian.observe({ ...plain, awaitingApproval: true });
    guardian.observe({ ...plain, uid: 'next', name: 'next', created: now });
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.stops).toEqual([]);
    guardian.observe({ ...plain, approvedAt: Date.now() });
    await vi.advanceTimersByTimeAsync(0);
    expect(cluster.stops).toEqual([
      `waiting: blast-radius policy: 1 run already running in namespace litmus; the policy's maxConcurrentRunsPerNamespace is 1 (${new Date().toISOString()})`,
    ]);
  });
});
