import { describe, expect, it } from 'vitest';
import { compileExperiment, validateExperiment } from '../../src/compile/compile.js';
import { ValidationError } from '../../src/errors.js';
import { type GuardStep, guard } from '../../src/index.js';
import type { KubeObject, Template } from '../../src/k8s/objects.js';
import { decodeGuards, encodeGuards, GUARD_ANNOTATIONS } from '../../src/model/guarded-run.js';
import { hub } from '../helpers.js';
import { sample } from './fixtures.js';

const errorRate = guard.prometheus({
  name: 'error-rate',
  endpoint: 'http://prometheus.monitoring:9090',
  query: 'sum(rate(http_requests_total{code=~"5.."}[1m]))',
  above: 5,
  for: '30s',
});
const health = guard.http({ name: 'health', url: 'http://web.app/healthz', expectStatus: [200, 204] });
const capacity = guard.kubernetes({
  name: 'capacity',
  object: { kind: 'Deployment', namespace: 'app', name: 'web' },
  field: 'status.availableReplicas',
  below: 2,
});

const compiled = (abortWhen: readonly GuardStep[], rbac = false) =>
  compileExperiment(sample({ abortWhen }), { hub: hub(), rbac }).objects;
const templateNamed = (workflow: KubeObject, name: string) =>
  (workflow.spec as { templates: Template[] }).templates.find((template) => template.name === name);

/** Every issue validation finds, as `path: message → hint` lines. */
function issuesOf(abortWhen: unknown, extra: Record<string, unknown> = {}): string[] {
  try {
    validateExperiment({ ...sample(), abortWhen, ...extra }, { hub: hub() });
  } catch (error) {
    if (error instanceof ValidationError)
      return error.issues.map((issue) => `${issue.path}: ${issue.message} → ${issue.hint ?? ''}`);
    throw error;
  }
  return [];
}

describe('abort conditions in the compiled workflow', () => {
  it('carries the conditions, with their defaults, as JSON on the template and on every run', () => {
    const [workflow] = compiled([errorRate, health, capacity]);
    if (workflow === undefined) throw new Error('nothing compiled');
    const annotations = workflow.metadata.annotations ?? {};
    const { workflowMetadata } = workflow.spec as {
      workflowMetadata: { annotations: Record<string, string> };
    };
    const runAnnotations = workflowMetadata.annotations;
    expect(runAnnotations[GUARD_ANNOTATIONS.conditions]).toBe(annotations[GUARD_ANNOTATIONS.conditions]);
    expect(JSON.parse(annotations[GUARD_ANNOTATIONS.conditions] ?? '')).toEqual([
      {
        type: 'prometheus',
        name: 'error-rate',
        endpoint: 'http://prometheus.monitoring:9090',
        query: 'sum(rate(http_requests_total{code=~"5.."}[1m]))',
        above: 5,
        whenUnavailable: 'abort',
        for: '30s',
        every: '10s',
      },
      {
        type: 'http',
        name: 'health',
        url: 'http://web.app/healthz',
        expectStatus: [200, 204],
        timeout: '5s',
        for: '0s',
        every: '10s',
      },
      {
        type: 'kubernetes',
        name: 'capacity',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'app', name: 'web' },
        field: 'status.availableReplicas',
        below: 2,
        whenUnavailable: 'abort',
        for: '0s',
        every: '10s',
      },
    ]);
  });

  it('waits for the guardian before installing anything, bounded by guardianTimeout', () => {
    const [workflow] = compileExperiment(sample({ abortWhen: [health], guardianTimeout: '45s' }), {
      hub: hub(),
    }).objects;
    if (workflow === undefined) throw new Error('nothing compiled');
    const main = templateNamed(workflow, 'main');
    expect(main?.steps?.[0]).toEqual([{ name: 'wait-for-guardian', template: 'wait-for-guardian' }]);
    expect(main?.steps?.[1]?.every((step) => step.name.startsWith('install-'))).toBe(true);
    expect(templateNamed(workflow, 'wait-for-guardian')).toEqual({
      name: 'wait-for-guardian',
      activeDeadlineSeconds: '45',
      resource: {
        action: 'get',
        manifest:
          'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: "{{workflow.name}}"\n  namespace: "{{workflow.namespace}}"\n',
        successCondition: 'metadata.annotations.chaosflow-guardian == watching',
        failureCondition: 'metadata.annotations.chaosflow-guardian == refused',
      },
    });
  });

  it('adds the wait to the estimated deadline, and nothing at all to an unguarded run', () => {
    const deadline = ([workflow]: readonly KubeObject[]) =>
      (workflow as KubeObject & { spec: { activeDeadlineSeconds: number } }).spec.activeDeadlineSeconds;
    const unguardedObjects = compileExperiment(sample(), { hub: hub() }).objects;
    const [unguarded] = unguardedObjects;
    expect(deadline(compiled([health])) - deadline(unguardedObjects)).toBe(120);
    expect(templateNamed(unguarded as KubeObject, 'wait-for-guardian')).toBeUndefined();
    expect(unguarded?.metadata.annotations?.[GUARD_ANNOTATIONS.conditions]).toBeUndefined();
  });

  it('lets the workflow service account read Workflows only when the run waits for the guardian', () => {
    const readsWorkflows = (objects: readonly KubeObject[]) => {
      const role = objects.find(
        (object) => object.kind === 'Role' && object.metadata.name === 'sample-workflow',
      );
      const { rules } = role as unknown as { rules: { resources: string[] }[] };
      return rules.filter((rule) => rule.resources.includes('workflows'));
    };
    expect(readsWorkflows(compiled([health], true))).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get'] },
    ]);
    expect(readsWorkflows(compileExperiment(sample(), { hub: hub(), rbac: true }).objects)).toEqual([]);
  });
});

describe('abort conditions refused at build, all at once', () => {
  it('needs exactly one threshold, an absolute URL, a field path and a valid name', () => {
    expect(
      issuesOf([
        { type: 'prometheus', name: 'both', endpoint: 'http://p:9090', query: 'up', above: 1, below: 0 },
        { type: 'prometheus', name: 'neither', endpoint: 'prometheus:9090', query: 'up' },
        {
          type: 'kubernetes',
          name: 'Bad_Name',
          object: { kind: 'Deployment', namespace: 'app', name: 'web' },
          field: 'status.conditions[0]',
          below: 1,
        },
      ]),
    ).toEqual([
      'abortWhen[0]: an abort condition needs exactly one of above and below → give above: N or below: N',
      `abortWhen[1].endpoint: "prometheus:9090" is not an http or https URL → write it in full, with the scheme, e.g. 'http://prometheus.monitoring:9090'`,
      'abortWhen[1]: an abort condition needs exactly one of above and below → give above: N or below: N',
      `abortWhen[2].name: abort condition name "Bad_Name" is not a valid name → use lowercase letters, digits and '-', starting and ending with a letter or digit`,
      "abortWhen[2].field: not a field path → write field names joined by dots, e.g. 'status.availableReplicas'",
    ]);
  });

  it('refuses an empty list, repeated names, and an evaluation more often than once a second', () => {
    expect(issuesOf([])).toEqual([
      'abortWhen: abortWhen lists no conditions → add a condition, e.g. guard.prometheus({ ... }), or remove abortWhen',
    ]);
    expect(issuesOf([health, { ...health, every: '500ms' }])).toEqual([
      'abortWhen[1].name: two abort conditions are named "health" → give each condition its own name',
    ]);
    expect(issuesOf([{ ...health, every: '500ms' }])).toEqual([
      "abortWhen[0].every: every 500ms is not a whole number of seconds of at least 1s → evaluate at most once a second, e.g. every: '5s'",
    ]);
  });

  it("refuses the guardian's own annotations set by hand, which would let a run skip the wait", () => {
    expect(issuesOf(undefined, { annotations: { 'chaosflow-guardian': 'watching' } })).toEqual([
      `annotations.chaosflow-guardian: "chaosflow-guardian" is an annotation chaosflow's guardian writes and reads → remove it; abort conditions go in abortWhen`,
    ]);
  });
});

describe('the conditions a run carries', () => {
  it('read back exactly as written', () => {
    const guards = validateExperiment(sample({ abortWhen: [errorRate, health, capacity] }), {
      hub: hub(),
    }).abortWhen;
    expect(decodeGuards(encodeGuards(guards ?? []))).toEqual({ ok: true, guards });
  });

  it('report what is wrong with an annotation edited by hand', () => {
    expect(decodeGuards('[{"type": "prometheus"')).toMatchObject({
      ok: false,
      issues: [{ path: 'chaosflow.io/abort-when', message: expect.stringMatching(/^not JSON: SyntaxError/) }],
    });
    expect(decodeGuards('[{"type": "smoke", "name": "x"}]')).toEqual({
      ok: false,
      issues: [
        {
          path: '[0].type',
          message: '"smoke" is not a known type',
          hint: 'use one of "prometheus", "http", "kubernetes"',
        },
      ],
    });
  });
});
