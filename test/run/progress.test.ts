import { describe, expect, it } from 'vitest';
import type { ResultObject } from '../../src/report/run-objects.js';
import { runReport } from '../../src/report/run-report.js';
import { progressLines, summaryLines } from '../../src/run/progress.js';
import { compiledRun, event, node, passed, UID } from '../report/run-fixtures.js';

const engine = `pod-delete-${UID}`;
const start = '2026-12-05T10:00:00Z';
const at = (seconds: number) => new Date(Date.parse(start) + seconds * 1000);

describe('progressLines', () => {
  it('says each change once, with the time into the run and the time left', () => {
    const pending = runReport({
      run: compiledRun({ phase: 'Running', startedAt: start }),
      results: [],
      events: [],
      now: at(5),
    });
    const injecting = runReport({
      run: compiledRun({ phase: 'Running', startedAt: start, nodes: node('fault-pod-delete', 'Running') }),
      results: [],
      events: [
        event(engine, 'PreChaosCheck', '2026-12-05T10:00:20Z', 'AUT: Running'),
        event(engine, 'ChaosInject', '2026-12-05T10:00:30Z', 'Injecting pod-delete chaos'),
      ],
      now: at(65),
    });
    const first = progressLines(undefined, pending);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(
      /^\[00:05 \| \d\d:\d\d left\] run litmus\/frontend-resilience-x7k2p: Running\n$/,
    );
    const left = Number(first[0]?.slice(9, 11)) * 60 + Number(first[0]?.slice(12, 14));
    const later = progressLines(pending, injecting);
    const clock = `[01:05 | ${String(Math.floor((left - 60) / 60)).padStart(2, '0')}:${String((left - 60) % 60).padStart(2, '0')} left]`;
    expect(later).toEqual([
      `${clock} pod-delete: engine PreChaosCheck: AUT: Running\n`,
      `${clock} pod-delete: engine ChaosInject: Injecting pod-delete chaos\n`,
      `${clock} pod-delete: injecting chaos\n`,
    ]);
    expect(progressLines(injecting, injecting)).toEqual([]);
  });

  it('says what the guardian answers a run with abort conditions', () => {
    const guarded = (answer?: string) =>
      runReport({
        run: compiledRun(
          { phase: 'Running', startedAt: start },
          {
            'chaosflow.io/abort-when': '[]',
            ...(answer === undefined ? {} : { 'chaosflow-guardian': answer }),
          },
        ),
        results: [],
        events: [],
        now: at(3),
      });
    const waiting = guarded();
    expect(waiting.run.guard).toBe('waiting');
    expect(progressLines(undefined, waiting)[1]).toMatch(/^\[00:03 \| \d\d:\d\d left\] guardian: waiting\n$/);
    expect(progressLines(waiting, guarded('watching'))).toEqual([
      expect.stringMatching(/\] guardian: watching\n$/),
    ]);
  });

  it('says the verdict with Litmus’s reason, the probes, and a stop with its reason', () => {
    const before = runReport({
      run: compiledRun({ phase: 'Running', startedAt: start, nodes: node('fault-pod-delete', 'Running') }),
      results: [],
      events: [],
      now: at(60),
    });
    const stoppedResult: ResultObject = {
      metadata: { name: passed.metadata.name },
      status: {
        experimentStatus: {
          verdict: 'Stopped',
          probeSuccessPercentage: '0',
          errorOutput: { errorCode: 'EXPERIMENT_ABORTED', reason: 'experiment is aborted' },
        },
        probeStatuses: [
          { name: 'frontend-answers', type: 'httpProbe', mode: 'Continuous', status: { verdict: 'N/A' } },
        ],
      },
    };
    const after = runReport({
      run: compiledRun(
        {
          phase: 'Failed',
          startedAt: start,
          finishedAt: '2026-12-05T10:01:30Z',
          nodes: node('fault-pod-delete', 'Failed'),
        },
        { 'chaosflow.io/guardian-reason': 'errors above 0.05 (0.3)' },
      ),
      results: [stoppedResult],
      events: [],
      now: at(95),
    });
    expect(progressLines(before, after)).toEqual([
      '[01:30] run litmus/frontend-resilience-x7k2p: Failed\n',
      '[01:30] run stopped: errors above 0.05 (0.3)\n',
      '[01:30] pod-delete: probe frontend-answers (Continuous) N/A\n',
      '[01:30] pod-delete: verdict Stopped (EXPERIMENT_ABORTED: experiment is aborted), probe success 0%, weight 10\n',
      '[01:30] pod-network-latency: skipped\n',
    ]);
    expect(summaryLines(after)).toEqual([
      '  pod-delete           Stopped  probes 0%\n',
      '  pod-network-latency  not run\n',
      'frontend-resilience did not complete: errors above 0.05 (0.3)\n',
    ]);
  });
});
