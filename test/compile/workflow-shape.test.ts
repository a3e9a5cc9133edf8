import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import type { OutputKind } from '../../src/compile/output-kind.js';
import type { KubeObject, Template } from '../../src/k8s/objects.js';
import { hub, loadExamples, specOf, templateOf } from '../helpers.js';
import { sample } from './fixtures.js';

async function compiledExamples(kind?: OutputKind): Promise<KubeObject[]> {
  return (await loadExamples()).map(({ file, experiment }) => {
    const [workflow] = compileExperiment(experiment, {
      hub: hub(),
      ...(kind === undefined ? {} : { kind }),
    }).objects;
    if (workflow === undefined) throw new Error(`${file} compiled to nothing`);
    return workflow;
  });
}

/** install- applies, engine- creates, cleanup deletes, the result and verdict steps get. */
function expectedAction(template: string): string {
  if (template.startsWith('install-')) return 'apply';
  if (template.startsWith('engine-')) return 'create';
  return template === 'cleanup' ? 'delete' : 'get';
}

const TEMPLATE_TYPES = [
  'container',
  'containerSet',
  'steps',
  'script',
  'resource',
  'dag',
  'suspend',
  'data',
  'http',
  'plugin',
];
const ARGO_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;

describe('compiled workflows of every example', () => {
  it('give every template exactly one template type, only steps, dag, resource or suspend (no images)', async () => {
    for (const workflow of await compiledExamples()) {
      for (const template of specOf(workflow).templates) {
        const types = TEMPLATE_TYPES.filter((type) => type in template);
        expect(types, `${workflow.metadata.name}/${template.name}`).toHaveLength(1);
        expect(['steps', 'dag', 'resource', 'suspend']).toContain(types[0]);
      }
    }
  });

  it('name templates and steps the way Argo requires, uniquely', async () => {
    for (const workflow of await compiledExamples()) {
      const names = specOf(workflow).templates.map((template) => template.name);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) {
        expect(name).toMatch(ARGO_NAME);
        expect(name.length).toBeLessThanOrEqual(128);
      }
      const steps = specOf(workflow).templates.flatMap((template) => [
        ...(template.steps?.flat() ?? []),
        ...(template.dag?.tasks ?? []),
      ]);
      for (const step of steps) {
        expect(step.name).toMatch(ARGO_NAME);
        expect(names).toContain(step.template);
      }
    }
  });

  it('name their objects within the limits of each kind', async () => {
    const limits = { WorkflowTemplate: 63, CronWorkflow: 52, Workflow: 57 } as Record<string, number>;
    for (const workflow of [...(await compiledExamples()), ...(await compiledExamples('workflow'))]) {
      const name = workflow.metadata.name ?? workflow.metadata.generateName?.replace(/-$/, '') ?? '';
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(limits[workflow.kind] ?? 0);
      expect(workflow.metadata.namespace).toBe('litmus');
    }
  });

  it('use the resource action each template needs', async () => {
    for (const workflow of await compiledExamples()) {
      const resources = specOf(workflow).templates.filter((template) => template.resource !== undefined);
      expect(resources.map((template) => [template.name, template.resource?.action])).toEqual(
        resources.map((template) => [template.name, expectedAction(template.name)]),
      );
    }
  });

  it('gate engines on engineStatus and runs on the ChaosResult verdict, with the exact conditions', async () => {
    for (const workflow of await compiledExamples()) {
      const spec = specOf(workflow);
      for (const template of spec.templates.filter((candidate) => candidate.name.startsWith('engine-'))) {
        expect(template.resource?.successCondition).toBe('status.engineStatus == completed');
        expect(template.resource?.failureCondition).toBe('status.engineStatus == stopped');
      }
      const verdict = templateOf(spec, 'chaos-verdict').resource;
      expect(verdict?.successCondition).toBe('status.experimentStatus.verdict == Pass');
      expect(verdict?.failureCondition).toBe('status.experimentStatus.verdict != Pass');
      const result = templateOf(spec, 'chaos-result');
      expect(result.resource?.successCondition).toBeUndefined();
      expect(result.outputs?.parameters.map((p) => p.valueFrom?.jsonPath)).toEqual([
        '{.status.experimentStatus.verdict}',
        '{.status.experimentStatus.probeSuccessPercentage}',
      ]);
    }
  });

  it('run the cleanup exit handler, which deletes every engine of the run by label', async () => {
    for (const workflow of await compiledExamples()) {
      const spec = specOf(workflow);
      expect(spec.onExit).toBe('cleanup');
      expect(templateOf(spec, 'cleanup').resource).toEqual({
        action: 'delete',
        flags: [
          'chaosengines.litmuschaos.io',
          '--selector',
          'workflow_run_id={{workflow.uid}}',
          '-n',
          'litmus',
          '--wait=true',
          '--timeout=300s',
        ],
      });
      expect(spec.activeDeadlineSeconds).toBeGreaterThan(0);
    }
  });

  it('reach the verdict gate and cleanup on every path: fault steps continue on failure, every fault is gated', async () => {
    for (const workflow of await compiledExamples()) {
      const spec = specOf(workflow);
      const dag = spec.templates.find((template) => template.name === 'run-faults-dag');
      const faultSteps =
        dag === undefined ? (templateOf(spec, 'run-faults').steps?.flat() ?? []) : (dag.dag?.tasks ?? []);
      expect(faultSteps.length).toBeGreaterThan(0);
      for (const step of faultSteps) expect(step.continueOn).toEqual({ failed: true, error: true });
      const main = templateOf(spec, 'main');
      const gate = main.steps?.at(-1) ?? [];
      expect(gate.map((step) => step.name).sort()).toEqual(
        faultSteps.map((step) => `verdict-${step.name}`).sort(),
      );
      expect(gate.every((step) => step.template === 'chaos-verdict')).toBe(true);
    }
  });

  it('label engines with the run id and label workflows for Litmus', async () => {
    for (const workflow of await compiledExamples()) {
      expect(workflow.metadata.labels?.workflow_id).toMatch(/^[a-z0-9-]+$/);
      expect(workflow.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('chaosflow');
      for (const template of specOf(workflow).templates.filter((t) => t.name.startsWith('engine-'))) {
        const engine = parse(template.resource?.manifest ?? '');
        expect(engine.metadata.labels.workflow_run_id).toBe('{{workflow.uid}}');
        expect(engine.metadata.namespace).toBe('litmus');
      }
    }
  });

  it('emit only forms valid on Argo v3.6 to v4.x and Litmus 3.x', async () => {
    for (const workflow of [...(await compiledExamples()), ...(await compiledExamples('workflow'))]) {
      const text = JSON.stringify(workflow);
      expect(text).not.toMatch(
        /"schedule":|"mutex":|"semaphore":|"podPriority":|annotationCheck|"onExit":"[^c]/,
      );
      for (const template of specOf(workflow).templates) expectPortableTemplate(template);
    }
  });
});

/** IntOrString fields as strings (Argo v3.6–v4 schemas), and an engine that always names its target's kind. */
function expectPortableTemplate(template: Template): void {
  if (template.activeDeadlineSeconds !== undefined)
    expect(typeof template.activeDeadlineSeconds).toBe('string');
  if (template.retryStrategy !== undefined) expect(typeof template.retryStrategy.limit).toBe('string');
  if (!template.name.startsWith('engine-')) return;
  const engine = parse(template.resource?.manifest ?? '');
  const appkind = engine.spec.appinfo?.appkind ?? engine.spec.selectors?.workloads?.[0]?.kind;
  expect(appkind, 'Litmus picks random pods when the kind is empty').toMatch(
    /^(deployment|statefulset|daemonset|rollout|deploymentconfig|\{\{workflow\.parameters\.appKind\}\})$/,
  );
  expect(engine.spec.experiments).toHaveLength(1);
}

describe('compiled kinds', () => {
  const kindOf = (kind: OutputKind) =>
    compileExperiment(sample({ schedule: { cron: '0 3 * * *' } }), { hub: hub(), kind }).objects[0];

  it('emits a WorkflowTemplate by default, a CronWorkflow when scheduled, a Workflow on request', () => {
    expect(compileExperiment(sample(), { hub: hub() }).objects[0]?.kind).toBe('WorkflowTemplate');
    expect(
      compileExperiment(sample({ schedule: { cron: '0 3 * * *' } }), { hub: hub() }).objects[0]?.kind,
    ).toBe('CronWorkflow');
    const workflow = kindOf('workflow');
    expect(workflow?.kind).toBe('Workflow');
    expect(workflow?.metadata).toMatchObject({ generateName: 'sample-' });
    expect(workflow?.metadata.name).toBeUndefined();
  });

  it('gives CronWorkflows schedules (a list), the time zone and concurrency policy, and run labels', () => {
    const cron = compileExperiment(
      sample({
        schedule: { cron: ['0 3 * * 1-5', '@daily'], timezone: 'Europe/Berlin', startingDeadline: '2m' },
      }),
      { hub: hub() },
    ).objects[0];
    expect(cron?.spec).toMatchObject({
      schedules: ['0 3 * * 1-5', '@daily'],
      timezone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 120,
      workflowMetadata: { labels: { workflow_id: 'sample', 'app.kubernetes.io/managed-by': 'chaosflow' } },
    });
    expect(cron?.spec).toHaveProperty('workflowSpec.entrypoint', 'main');
  });

  it('sets the title and description annotations and the controller instance id', () => {
    const [workflow] = compileExperiment(sample({ title: 'T', description: 'D', instanceId: 'litmus-1' }), {
      hub: hub(),
    }).objects;
    expect(workflow?.metadata.annotations).toEqual({
      'workflows.argoproj.io/title': 'T',
      'workflows.argoproj.io/description': 'D',
    });
    expect(workflow?.metadata.labels?.['workflows.argoproj.io/controller-instanceid']).toBe('litmus-1');
  });
});

describe('step templates', () => {
  const spec = () => specOf(compileExperiment(sample(), { hub: hub() }).objects[0] as KubeObject);

  it('installs each distinct fault once, in parallel, before the faults run', () => {
    const main = templateOf(spec(), 'main');
    expect(main.steps?.map((group) => group.map((step) => step.name))).toEqual([
      ['install-pod-delete', 'install-pod-cpu-hog', 'install-pod-memory-hog'],
      ['run-faults'],
      ['verdict-pod-delete', 'verdict-pod-cpu-hog', 'verdict-pod-memory-hog'],
    ]);
  });

  it('keeps the sequence and parallel groups of the experiment', () => {
    expect(
      templateOf(spec(), 'run-faults').steps?.map((group) => group.map((step) => step.template)),
    ).toEqual([['fault-pod-delete'], ['fault-pod-cpu-hog', 'fault-pod-memory-hog']]);
  });

  it('labels each fault template with its weight and reads its result after the engine', () => {
    const fault: Template = templateOf(spec(), 'fault-pod-cpu-hog');
    expect(fault.metadata).toEqual({ labels: { weight: '4' } });
    expect(fault.steps).toEqual([
      [{ name: 'engine', template: 'engine-pod-cpu-hog' }],
      [
        {
          name: 'result',
          template: 'chaos-result',
          arguments: { parameters: [{ name: 'result', value: 'pod-cpu-hog-{{workflow.uid}}-pod-cpu-hog' }] },
        },
      ],
    ]);
  });

  it('outputs the resiliency score as a global output', () => {
    const run = templateOf(spec(), 'run-faults');
    expect(run.outputs?.parameters[0]).toMatchObject({
      name: 'resiliencyScore',
      globalName: 'resiliencyScore',
    });
  });
});
