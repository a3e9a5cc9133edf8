import { parse } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import type { ResultObject } from '../../src/report/run-objects.js';
import { runReport } from '../../src/report/run-report.js';
import { compiledRun, event, node, passed, UID } from './run-fixtures.js';

const now = new Date('2026-12-05T10:10:00Z');
const engine = `pod-network-latency-${UID}`;
const failed: ResultObject = {
  metadata: { name: `${engine}-pod-network-latency` },
  status: {
    experimentStatus: {
      verdict: 'Fail',
      probeSuccessPercentage: '0',
      errorOutput: { errorCode: 'STATUS_CHECKS_ERROR', reason: 'orders <unavailable> & "degraded"' },
    },
  },
};

/** A run whose first fault passed and whose second failed its verdict. */
function chaosFailed() {
  const run = compiledRun({
    phase: 'Failed',
    startedAt: '2026-12-05T10:00:00Z',
    finishedAt: '2026-12-05T10:04:30Z',
    outputs: { parameters: [{ name: 'resiliencyScore', value: '66' }] },
    nodes: {
      ...node('fault-pod-delete', 'Succeeded', {
        startedAt: '2026-12-05T10:00:05Z',
        finishedAt: '2026-12-05T10:01:45Z',
      }),
      ...node('fault-pod-network-latency', 'Succeeded', {
        startedAt: '2026-12-05T10:01:50Z',
        finishedAt: '2026-12-05T10:04:20Z',
      }),
    },
  });
  const events = [
    event(engine, 'PreChaosCheck', '2026-12-05T10:02:00Z', 'AUT: Running'),
    event(engine, 'Summary', '2026-12-05T10:04:10Z', 'pod-network-latency experiment has been Failed'),
  ];
  return runReport({ run, results: [passed, failed], events, now });
}

/** A run the guardian stopped during its first fault. */
function stopped() {
  const run = compiledRun(
    {
      phase: 'Failed',
      message: "Stopped with strategy 'Stop'",
      startedAt: '2026-12-05T10:00:00Z',
      finishedAt: '2026-12-05T10:00:40Z',
      nodes: node('fault-pod-delete', 'Failed'),
    },
    { 'chaosflow.io/guardian-reason': 'checkout-errors above 0.05 (0.2)' },
  );
  const result: ResultObject = {
    metadata: { name: passed.metadata.name },
    status: { experimentStatus: { verdict: 'Stopped', probeSuccessPercentage: '0' } },
  };
  return runReport({ run, results: [result], events: [], now });
}

describe('the JUnit report, read by a JUnit consumer (junit2json)', () => {
  it('has one test case per fault, a failure built from the ChaosResult, and the run’s properties', async () => {
    const junit = await parse(renderReport('junit', chaosFailed(), 'https://argo.example.com/'));
    const suite = junit && 'testsuite' in junit ? junit.testsuite?.[0] : undefined;
    expect(suite).toMatchObject({
      name: 'frontend-resilience',
      tests: 2,
      failures: 1,
      errors: 0,
      skipped: 0,
      time: 270,
      timestamp: '2026-12-05T10:00:00Z',
    });
    expect(suite?.properties).toEqual([
      { name: 'run', value: 'litmus/frontend-resilience-x7k2p' },
      { name: 'phase', value: 'Failed' },
      { name: 'outcome', value: 'chaos-failed' },
      { name: 'resiliencyScore', value: 66 },
      { name: 'argo', value: 'https://argo.example.com/workflows/litmus/frontend-resilience-x7k2p' },
    ]);
    const [first, second] = suite?.testcase ?? [];
    expect(first).toEqual({ name: 'pod-delete', classname: 'frontend-resilience.pod-delete', time: 100 });
    expect(second?.name).toBe('pod-network-latency');
    expect(second?.failure).toEqual([
      {
        type: 'Fail',
        message:
          'pod-network-latency (pod-network-latency): verdict Fail: STATUS_CHECKS_ERROR: orders <unavailable> & "degraded"',
      },
    ]);
    expect(second?.['system-out']).toEqual([
      `2026-12-05T10:02:00Z engine PreChaosCheck: AUT: Running\n2026-12-05T10:04:10Z engine Summary: pod-network-latency experiment has been Failed\n`,
    ]);
  });

  it('reports a stopped run as an error of the fault it stopped, the rest skipped, and the run’s own error', async () => {
    const junit = await parse(renderReport('junit', stopped()));
    const suite = junit && 'testsuite' in junit ? junit.testsuite?.[0] : undefined;
    expect(suite).toMatchObject({ tests: 2, failures: 0, errors: 2, skipped: 1 });
    const [first, second, run] = suite?.testcase ?? [];
    expect(first?.error).toEqual([
      {
        type: 'Stopped',
        message: 'pod-delete (pod-delete): verdict Stopped: probe frontend-answers Unknown',
        inner: 'probe frontend-answers (httpProbe, Continuous): Unknown\n',
      },
    ]);
    expect(second?.skipped).toEqual([
      { message: 'pod-network-latency did not run: the run ended before it' },
    ]);
    expect(run).toMatchObject({
      name: 'run',
      error: [
        {
          type: 'Failed',
          message: 'run litmus/frontend-resilience-x7k2p Failed: checkout-errors above 0.05 (0.2)',
        },
      ],
    });
  });
});

describe('the JUnit report with control characters in Litmus’s messages', () => {
  it('leaves them out, so the file stays XML a reader accepts', async () => {
    const run = compiledRun({
      phase: 'Running',
      startedAt: '2026-12-05T10:00:00Z',
      nodes: node('fault-pod-delete', 'Running'),
    });
    const colored = event(
      `pod-delete-${UID}`,
      'ChaosInject',
      '2026-12-05T10:00:30Z',
      '\u001b[31minjecting\u001b[0m\u0007 chaos',
    );
    const xml = renderReport('junit', runReport({ run, results: [], events: [colored], now }));
    const junit = await parse(xml);
    const suite = junit && 'testsuite' in junit ? junit.testsuite?.[0] : undefined;
    expect(suite?.testcase?.[0]?.['system-out']).toEqual([
      '2026-12-05T10:00:30Z engine ChaosInject: [31minjecting[0m chaos\n',
    ]);
  });
});

describe('the Markdown report', () => {
  it('is a table of the faults for a pull-request comment, with what failed and Litmus’s Events', () => {
    expect(renderReport('md', chaosFailed())).toBe(
      [
        '### ❌ frontend-resilience failed: a verdict is not Pass, score 66',
        '',
        'Run `litmus/frontend-resilience-x7k2p` · Failed · 4m 30s',
        '',
        '| Fault | Verdict | Probe success | Probes | Weight | Duration |',
        '| --- | --- | --- | --- | --- | --- |',
        '| pod-delete (`pod-delete`) | ✅ Pass | 100% | frontend-answers: Passed | 10 | 1m 40s |',
        '| pod-network-latency (`pod-network-latency`) | ❌ Fail | 0% | – | 5 | 2m 30s |',
        '',
        '<details><summary>pod-network-latency (pod-network-latency): verdict Fail: STATUS_CHECKS_ERROR: orders &lt;unavailable&gt; &amp; "degraded"</summary>',
        '',
        '- `2026-12-05T10:02:00Z` engine **PreChaosCheck**: AUT: Running',
        '- `2026-12-05T10:04:10Z` engine **Summary**: pod-network-latency experiment has been Failed',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });
});

describe('the JSON report', () => {
  it('is the run report with its schema version and links', () => {
    const json = JSON.parse(renderReport('json', stopped(), 'https://argo.example.com'));
    expect(json).toMatchObject({
      schema: 'chaosflow.io/run-report/v1',
      outcome: 'incomplete',
      run: {
        name: 'frontend-resilience-x7k2p',
        stopped: 'checkout-errors above 0.05 (0.2)',
        durationSeconds: 40,
      },
      links: { argo: 'https://argo.example.com/workflows/litmus/frontend-resilience-x7k2p' },
    });
    expect(
      json.faults.map((fault: { step: string; verdict?: string }) => [fault.step, fault.verdict]),
    ).toEqual([
      ['pod-delete', 'Stopped'],
      ['pod-network-latency', undefined],
    ]);
  });
});
