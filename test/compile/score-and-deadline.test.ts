import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { deadlineSeconds } from '../../src/compile/deadline.js';
import { scoreExpression } from '../../src/compile/score.js';
import { after, dag, faults, parallel } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { faultUsesOf } from '../../src/model/flow.js';
import { parseExperiment } from '../../src/model/parse.js';
import { hub, specOf, templateOf } from '../helpers.js';
import { sample } from './fixtures.js';

function specFrom(input: unknown) {
  const parsed = parseExperiment(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.spec;
}

describe('resiliency score', () => {
  it('weighs each fault by its weight, leaves weight-0 faults out, and truncates like Litmus', () => {
    const spec = specFrom(
      sample({
        faults: [
          faults.podDelete({ name: 'a' }),
          faults.podCpuHog({ name: 'b', weight: 4 }),
          faults.podMemoryHog({ name: 'c', weight: 0 }),
        ],
      }),
    );
    const uses = faultUsesOf(spec.faults);
    const psp = (step: string) => `(steps['${step}']?.outputs?.parameters?.probeSuccessPercentage ?? '')`;
    const term = (weight: number, step: string) =>
      `${weight} * (${psp(step)} matches '^[0-9]+$' ? asInt(${psp(step)}) : 0)`;
    expect(scoreExpression(uses, 'steps')).toBe(`string(int((${term(10, 'a')} + ${term(4, 'b')}) / 14))`);
  });

  it('is computed from task outputs in a DAG and exported through a steps wrapper, as Argo exports no DAG globals', () => {
    const spec = specOf(
      compileExperiment(
        sample({ faults: dag(faults.podDelete({ name: 'a' }), after('a', faults.podCpuHog({ name: 'b' }))) }),
        { hub: hub() },
      ).objects[0] as KubeObject,
    );
    const wrapper = templateOf(spec, 'run-faults');
    expect(wrapper.steps).toEqual([[{ name: 'dag', template: 'run-faults-dag' }]]);
    expect(wrapper.outputs?.parameters).toEqual([
      {
        name: 'resiliencyScore',
        globalName: 'resiliencyScore',
        valueFrom: { parameter: '{{steps.dag.outputs.parameters.resiliencyScore}}' },
      },
    ]);
    const inner = templateOf(spec, 'run-faults-dag');
    const [score] = inner.outputs?.parameters ?? [];
    expect(score?.globalName).toBeUndefined();
    expect(score?.valueFrom?.expression).toContain("tasks['a']?.outputs");
    expect(score?.valueFrom?.expression).toContain("tasks['b']?.outputs");
    expect(score?.valueFrom?.expression).not.toContain('steps[');
    expect(inner.dag?.tasks.map((task) => [task.name, task.dependencies])).toEqual([
      ['a', undefined],
      ['b', ['a']],
    ]);
  });
});

describe('run deadline', () => {
  it('is the experiment deadline when given', () => {
    expect(deadlineSeconds(specFrom(sample({ deadline: '45m' })), hub())).toBe(2700);
  });

  it('is estimated from the faults otherwise: sequence sums each group longest fault, plus overheads', () => {
    // pod-delete 15 s (hub default) + 300; group max(cpu 60, memory 60) + 300; run overhead 300.
    expect(deadlineSeconds(specFrom(sample()), hub())).toBe(15 + 300 + 60 + 300 + 300);
    const ramped = sample({
      faults: [faults.podDelete({ tunables: { totalChaosDuration: '2m', rampTime: '10s' } })],
    });
    expect(deadlineSeconds(specFrom(ramped), hub())).toBe(120 + 20 + 300 + 300);
  });

  it('follows the longest path of a DAG', () => {
    const a = faults.podDelete({ name: 'a', tunables: { totalChaosDuration: '100s' } });
    const b = faults.podDelete({ name: 'b', tunables: { totalChaosDuration: '10s' } });
    const c = faults.podDelete({ name: 'c', tunables: { totalChaosDuration: '20s' } });
    const experiment = sample({ faults: dag(a, b, after([a, b], c)) });
    expect(deadlineSeconds(specFrom(experiment), hub())).toBe(100 + 300 + 20 + 300 + 300);
  });

  it('is written to the workflow spec', () => {
    const spec = specOf(
      compileExperiment(sample({ faults: [parallel(faults.podDelete())] }), { hub: hub() })
        .objects[0] as KubeObject,
    );
    expect(spec.activeDeadlineSeconds).toBe(15 + 300 + 300);
  });
});
