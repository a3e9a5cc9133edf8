import { describe, expect, it } from 'vitest';
import { type EngineView, Reaper, type ReaperCluster, type RunState } from '../../src/guardian/reaper.js';

const engine = (name: string, run: string, extra: Partial<EngineView> = {}): EngineView => ({
  namespace: 'litmus',
  name,
  runUid: `uid-${run}`,
  run: { namespace: 'litmus', name: run },
  experiment: 'checkout',
  deleting: false,
  ...extra,
});

const withoutRun = ({ run: _run, ...rest }: EngineView): EngineView => rest;

/** A cluster of engines and run states; a deleted engine is released after `releaseAfter` existence checks. */
class FakeCluster implements ReaperCluster {
  readonly deleted: string[] = [];
  readonly events: string[] = [];
  private readonly checks = new Map<string, number>();

  constructor(
    readonly engines: EngineView[],
    readonly runs: Record<string, RunState>,
    private readonly releaseAfter = 1,
  ) {}

  async listEngines() {
    return this.engines;
  }
  async runState(run: { name: string }, uid: string) {
    return uid === `uid-${run.name}` ? (this.runs[run.name] ?? 'gone') : 'gone';
  }
  async deleteEngine(found: EngineView) {
    this.deleted.push(found.name);
  }
  async engineExists(found: EngineView) {
    const seen = (this.checks.get(found.name) ?? 0) + 1;
    this.checks.set(found.name, seen);
    return seen <= this.releaseAfter;
  }
  async recordEvent(found: EngineView, event: { type: string; message: string }) {
    this.events.push(`${found.name} ${event.type}: ${event.message}`);
  }
}

const quiet = { reaped: () => {}, chaosRunning: () => {}, log: () => {} };

describe('the reaper', () => {
  it('deletes the engines of runs that ended or are gone, and nothing of running runs', async () => {
    const cluster = new FakeCluster(
      [
        engine('a-1', 'terminated'),
        engine('b-1', 'deleted'),
        engine('c-1', 'running'),
        engine('d-1', 'replaced', { runUid: 'uid-an-older-run' }),
        engine('e-1', 'ended', { deleting: true }),
        withoutRun(engine('f-1', 'unknown')),
      ],
      { terminated: 'ended', running: 'running', replaced: 'running', ended: 'ended' },
    );
    const reaped = await new Reaper(cluster, quiet, { pollMs: 1 }).sweep();
    expect(cluster.deleted.sort()).toEqual(['a-1', 'b-1', 'd-1']);
    expect(reaped.map(({ engine: name, why, released }) => `${name}: ${why} (${released})`).sort()).toEqual([
      'litmus/a-1: its run litmus/terminated ended without deleting it (true)',
      'litmus/b-1: its run litmus/deleted is gone (true)',
      'litmus/d-1: its run litmus/replaced is gone (true)',
    ]);
    expect(cluster.events.filter((event) => event.startsWith('a-1'))).toEqual([
      expect.stringMatching(
        /^a-1 Normal: chaosflow deleted this engine because its run litmus\/terminated ended without deleting it; Litmus released it \(chaos reverted\) in [\d.]+s$/,
      ),
    ]);
  });

  it('says so when Litmus does not release an engine in time', async () => {
    const cluster = new FakeCluster([engine('a-1', 'gone')], {}, Number.POSITIVE_INFINITY);
    const told: boolean[] = [];
    const reaper = new Reaper(
      cluster,
      { ...quiet, reaped: (result) => told.push(result.released) },
      {
        pollMs: 5,
        releaseTimeoutMs: 30,
      },
    );
    const [result] = await reaper.sweep();
    expect(result?.released).toBe(false);
    expect(told).toEqual([false]);
    expect(cluster.events).toEqual([
      expect.stringMatching(
        /^a-1 Warning: .*Litmus has not released it after [\d.]+s: check chaos-operator$/,
      ),
    ]);
  });

  it('never reaps one engine twice when sweeps overlap', async () => {
    const cluster = new FakeCluster([engine('a-1', 'gone')], {}, 3);
    const reaper = new Reaper(cluster, quiet, { pollMs: 5 });
    await Promise.all([reaper.sweep(), reaper.sweep()]);
    expect(cluster.deleted).toEqual(['a-1']);
  });

  it('tells of every engine whose run still runs, with the run and its experiment, and leaves it be', async () => {
    const cluster = new FakeCluster(
      [engine('a-1', 'pipeline'), engine('b-1', 'pipeline'), engine('c-1', 'ended')],
      { pipeline: 'running', ended: 'ended' },
    );
    const running: unknown[] = [];
    await new Reaper(cluster, { ...quiet, chaosRunning: (run) => running.push(run) }, { pollMs: 1 }).sweep();
    const run = { namespace: 'litmus', name: 'pipeline', uid: 'uid-pipeline', experiment: 'checkout' };
    expect(running).toEqual([run, run]);
    expect(cluster.deleted).toEqual(['c-1']);
  });
});
