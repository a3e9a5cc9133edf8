import { describe, expect, it } from 'vitest';
import { faultsOfRun } from '../../src/report/run-faults.js';
import type { ResultObject, RunObject } from '../../src/report/run-objects.js';
import { runReport } from '../../src/report/run-report.js';
import { compiledRun, event, node, passed, UID } from './run-fixtures.js';

describe('faultsOfRun', () => {
  it('reads each fault step from the run itself: engine and result names with its uid, experiment, weight, probes', () => {
    expect(faultsOfRun(compiledRun({}))).toEqual([
      {
        step: 'pod-delete',
        fault: 'pod-delete',
        weight: 10,
        engine: `pod-delete-${UID}`,
        namespace: 'litmus',
        result: `pod-delete-${UID}-pod-delete`,
        probes: [{ name: 'frontend-answers', type: 'httpProbe', mode: 'Continuous' }],
      },
      {
        step: 'pod-network-latency',
        fault: 'pod-network-latency',
        weight: 5,
        engine: `pod-network-latency-${UID}`,
        namespace: 'litmus',
        result: `pod-network-latency-${UID}-pod-network-latency`,
        probes: [],
      },
    ]);
  });

  it('reads the templates Argo stored for a run started from a WorkflowTemplate', () => {
    const run = compiledRun({});
    const fromTemplate: RunObject = {
      ...run,
      spec: { workflowTemplateRef: { name: 'frontend-resilience' } },
      status: { storedWorkflowTemplateSpec: { templates: run.spec?.templates ?? [] } },
    };
    expect(faultsOfRun(fromTemplate).map((fault) => fault.engine)).toEqual([
      `pod-delete-${UID}`,
      `pod-network-latency-${UID}`,
    ]);
  });
});

describe('runReport', () => {
  const now = new Date('2026-12-05T10:02:00Z');

  it('follows a running run: the first fault in Litmus’s stage from its Events, the second waiting', () => {
    const run = compiledRun({
      phase: 'Running',
      startedAt: '2026-12-05T10:00:00Z',
      nodes: node('fault-pod-delete', 'Running', { startedAt: '2026-12-05T10:00:10Z' }),
    });
    const engine = `pod-delete-${UID}`;
    const report = runReport({
      run,
      results: [
        {
          metadata: { name: `${engine}-pod-delete` },
          status: { experimentStatus: { verdict: 'Awaited', probeSuccessPercentage: 'Awaited' } },
        },
      ],
      events: [
        event(engine, 'ChaosInject', '2026-12-05T10:00:40Z', 'Injecting pod-delete chaos on application pod'),
        event(engine, 'PreChaosCheck', '2026-12-05T10:00:30Z', 'AUT: Running'),
        event('someone-elses-engine', 'PostChaosCheck', '2026-12-05T10:00:50Z'),
      ],
      now,
    });
    expect(report.outcome).toBe('running');
    expect(report.run).toMatchObject({
      name: 'frontend-resilience-x7k2p',
      experiment: 'frontend-resilience',
      phase: 'Running',
      durationSeconds: 120,
    });
    const deadlineSeconds = run.spec?.activeDeadlineSeconds ?? 0;
    expect(deadlineSeconds).toBeGreaterThan(0);
    expect(report.run.deadline).toBe(
      new Date(Date.parse('2026-12-05T10:00:00Z') + deadlineSeconds * 1000).toISOString(),
    );
    const [first, second] = report.faults;
    expect(first).toMatchObject({ stage: 'injecting chaos', verdict: 'Awaited', durationSeconds: 110 });
    expect(first?.probeSuccessPercentage).toBeUndefined();
    expect(first?.events.map((item) => item.reason)).toEqual(['PreChaosCheck', 'ChaosInject']);
    expect(first?.probes).toEqual([
      { name: 'frontend-answers', type: 'httpProbe', mode: 'Continuous', verdict: 'Unknown' },
    ]);
    expect(second).toMatchObject({ stage: 'waiting', events: [] });
  });

  it('keeps the furthest stage reached when Litmus bumps an earlier stage’s Event later (a probe result)', () => {
    const run = compiledRun({
      phase: 'Running',
      startedAt: '2026-12-05T10:00:00Z',
      nodes: node('fault-pod-delete', 'Running'),
    });
    const engine = `pod-delete-${UID}`;
    const report = runReport({
      run,
      results: [],
      events: [
        event(engine, 'ChaosInject', '2026-12-05T10:00:40Z'),
        event(engine, 'PreChaosCheck', '2026-12-05T10:00:45Z', 'frontend-answers probe has been Passed'),
      ],
      now,
    });
    expect(report.faults[0]?.stage).toBe('injecting chaos');
  });

  it('says passed when the run succeeded with every verdict Pass, with the score and the probes', () => {
    const run = compiledRun({
      phase: 'Succeeded',
      startedAt: '2026-12-05T10:00:00Z',
      finishedAt: '2026-12-05T10:03:00Z',
      outputs: { parameters: [{ name: 'resiliencyScore', value: '100' }] },
      nodes: {
        ...node('fault-pod-delete', 'Succeeded'),
        // The second result was deleted: the verdict comes from the step's own outputs.
        ...node('fault-pod-network-latency', 'Succeeded', {
          outputs: {
            parameters: [
              { name: 'verdict', value: 'Pass' },
              { name: 'probeSuccessPercentage', value: '100' },
            ],
          },
        }),
      },
    });
    const report = runReport({ run, results: [passed], events: [], now });
    expect(report.outcome).toBe('passed');
    expect(report.run).toMatchObject({ score: 100, durationSeconds: 180, phase: 'Succeeded' });
    expect(report.faults.map((fault) => [fault.stage, fault.verdict, fault.probeSuccessPercentage])).toEqual([
      ['finished', 'Pass', 100],
      ['finished', 'Pass', 100],
    ]);
    expect(report.faults[0]?.probes[0]).toEqual({
      name: 'frontend-answers',
      type: 'httpProbe',
      mode: 'Continuous',
      verdict: 'Passed',
      description: 'ok',
    });
  });

  it('says chaos-failed when the chaos ran to its verdicts and one is Fail, with Litmus’s reason', () => {
    const failed: ResultObject = {
      metadata: { name: `pod-network-latency-${UID}-pod-network-latency` },
      status: {
        experimentStatus: {
          phase: 'Completed_With_Probe_Failure',
          verdict: 'Fail',
          probeSuccessPercentage: '0',
          errorOutput: { errorCode: 'HTTP_PROBE_ERROR', reason: 'status code 503' },
        },
      },
    };
    const run = compiledRun({
      phase: 'Failed',
      nodes: { ...node('fault-pod-delete', 'Succeeded'), ...node('fault-pod-network-latency', 'Succeeded') },
    });
    const report = runReport({ run, results: [passed, failed], events: [], now });
    expect(report.outcome).toBe('chaos-failed');
    expect(report.faults[1]).toMatchObject({
      verdict: 'Fail',
      probeSuccessPercentage: 0,
      failure: 'HTTP_PROBE_ERROR: status code 503',
    });
  });

  it('says incomplete for a run stopped mid-chaos, with the guardian’s reason, and a step never reached as skipped', () => {
    const run = compiledRun(
      { phase: 'Failed', message: "Stopped with strategy 'Stop'", nodes: node('fault-pod-delete', 'Failed') },
      { 'chaosflow.io/guardian-reason': 'error-rate above 0.05 (0.21) at 2026-12-05T10:01:00Z' },
    );
    const stopped: ResultObject = {
      metadata: { name: passed.metadata.name },
      status: { experimentStatus: { verdict: 'Stopped', probeSuccessPercentage: '0' } },
    };
    const report = runReport({
      run: { ...run, spec: { ...run.spec, shutdown: 'Stop' } },
      results: [stopped],
      events: [],
      now,
    });
    expect(report.outcome).toBe('incomplete');
    expect(report.run.stopped).toBe('error-rate above 0.05 (0.21) at 2026-12-05T10:01:00Z');
    expect(report.faults.map((fault) => [fault.stage, fault.verdict ?? '-'])).toEqual([
      ['finished', 'Stopped'],
      ['skipped', '-'],
    ]);
  });

  it('says incomplete for a run that failed before any verdict (an error, the deadline)', () => {
    const run = compiledRun({ phase: 'Failed', message: 'Step exceeded its deadline', nodes: {} });
    expect(runReport({ run, results: [], events: [], now }).outcome).toBe('incomplete');
  });
});
