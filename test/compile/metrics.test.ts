import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { hub, specOf, templateOf } from '../helpers.js';
import { sample } from './fixtures.js';

const compiled = (scheduled = false) =>
  specOf(
    compileExperiment(sample(scheduled ? { schedule: { cron: ['@daily'] } } : {}), { hub: hub() })
      .objects[0] as KubeObject,
  );

const output = (name: string) =>
  `(workflow.status == '' ? '' : (workflow.outputs?.parameters?.['${name}'] ?? ''))`;
const isNumber = (name: string) => `{{=${output(name)} matches '^[0-9]+([.][0-9]+)?$'}}`;

describe('metrics compiled into a run', () => {
  it('counts the run by experiment, compiled kind and phase, and gauges its score only when it has one', () => {
    const [runs, lastRun, score] = compiled().metrics?.prometheus ?? [];
    expect(runs).toEqual({
      name: 'chaosflow_runs',
      help: 'chaosflow experiment runs that ended, by experiment, compiled kind (cron: scheduled runs) and Argo phase.',
      labels: [
        { key: 'workflow_id', value: 'sample' },
        { key: 'kind', value: 'template' },
        { key: 'status', value: '{{workflow.status}}' },
      ],
      counter: { value: '1' },
    });
    expect(lastRun).toEqual({
      name: 'chaosflow_last_run_succeeded',
      help: 'Whether the last run of a chaosflow experiment succeeded (1) or not (0), by experiment and compiled kind (cron: scheduled runs).',
      labels: [
        { key: 'workflow_id', value: 'sample' },
        { key: 'kind', value: 'template' },
      ],
      gauge: { value: "{{=workflow.status == 'Succeeded' ? 1 : 0}}", realtime: false },
    });
    expect(score).toEqual({
      name: 'chaosflow_resiliency_score',
      help: 'Resiliency score of a chaosflow experiment run, 0 to 100 (Litmus definition).',
      labels: [{ key: 'workflow_id', value: 'sample' }],
      when: isNumber('resiliencyScore'),
      gauge: { value: `{{=${output('resiliencyScore')}}}`, realtime: false },
    });
    for (const metric of compiled(true).metrics?.prometheus.slice(0, 2) ?? [])
      expect(metric.labels?.[1]).toEqual({ key: 'kind', value: 'cron' });
  });

  it("counts each fault's verdict and gauges its probe success from the outputs its step publishes", () => {
    const spec = compiled();
    const metrics = spec.metrics?.prometheus ?? [];
    expect(metrics.map((metric) => metric.name)).toEqual([
      'chaosflow_runs',
      'chaosflow_last_run_succeeded',
      'chaosflow_resiliency_score',
      ...['pod-delete', 'pod-cpu-hog', 'pod-memory-hog'].flatMap(() => [
        'chaosflow_fault_verdicts',
        'chaosflow_fault_probe_success_percentage',
      ]),
    ]);
    const steps = [
      { key: 'workflow_id', value: 'sample' },
      { key: 'step', value: 'pod-cpu-hog' },
      { key: 'fault', value: 'pod-cpu-hog' },
    ];
    const verdict = `{{=${output('chaosflow-pod-cpu-hog-verdict')}}}`;
    expect(metrics[5]).toEqual({
      name: 'chaosflow_fault_verdicts',
      help: 'Verdicts Litmus gave a chaosflow fault step, by experiment, step, fault and verdict.',
      labels: [...steps, { key: 'verdict', value: verdict }],
      when: `'${verdict}' != ''`,
      counter: { value: '1' },
    });
    expect(metrics[6]).toMatchObject({
      labels: steps,
      when: isNumber('chaosflow-pod-cpu-hog-probeSuccessPercentage'),
      gauge: { value: `{{=${output('chaosflow-pod-cpu-hog-probeSuccessPercentage')}}}`, realtime: false },
    });
    expect(templateOf(spec, 'fault-pod-cpu-hog').outputs?.parameters).toEqual([
      {
        name: 'verdict',
        globalName: 'chaosflow-pod-cpu-hog-verdict',
        valueFrom: { parameter: '{{steps.result.outputs.parameters.verdict}}' },
      },
      {
        name: 'probeSuccessPercentage',
        globalName: 'chaosflow-pod-cpu-hog-probeSuccessPercentage',
        valueFrom: { parameter: '{{steps.result.outputs.parameters.probeSuccessPercentage}}' },
      },
    ]);
  });

  it("gauges how long each fault's engine ran, with no run id among the labels", () => {
    expect(templateOf(compiled(), 'engine-pod-delete').metrics?.prometheus).toEqual([
      {
        name: 'chaosflow_fault_chaos_seconds',
        help: "Seconds a chaosflow fault step's ChaosEngine ran (checks and chaos), last run, by experiment, step and fault.",
        labels: [
          { key: 'workflow_id', value: 'sample' },
          { key: 'step', value: 'pod-delete' },
          { key: 'fault', value: 'pod-delete' },
        ],
        gauge: { value: '{{duration}}', realtime: false },
      },
    ]);
    const values = JSON.stringify(compiled().metrics);
    expect(values).not.toContain('workflow.uid');
    expect(values).not.toContain('workflow.name');
  });
});
