import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { OWN_RUN_MANIFEST } from '../../src/compile/names.js';
import { experiment, faults, param, target } from '../../src/index.js';
import type { KubeObject, PolicyRule } from '../../src/k8s/objects.js';
import { hub, refusals, specOf, templateOf } from '../helpers.js';

const chaosDuration = param('chaosDuration', {
  default: '30s',
  description: 'How long pods are deleted for',
  enum: ['30s', '60s'],
});

const withTunables = (tunables: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  experiment({
    name: 'tuned',
    target: target.deployment({ namespace: 'app', labels: { app: 'web' } }),
    faults: [faults.podDelete({ tunables: tunables as never })],
    ...more,
  });

const build = (input: unknown, options: { rbac?: boolean } = {}) =>
  compileExperiment(input, { hub: hub(), ...options });
const problems = (input: unknown): string[] => refusals(() => build(input));

describe('param(): a tunable given at submit', () => {
  it('becomes a Workflow parameter in the form Litmus reads, with its description, form and enum', () => {
    const spec = specOf(build(withTunables({ totalChaosDuration: chaosDuration })).objects[0] as KubeObject);
    expect(spec.arguments?.parameters).toEqual([
      {
        name: 'chaosDuration',
        value: '30',
        description: 'How long pods are deleted for (whole seconds)',
        enum: ['30', '60'],
      },
    ]);
    const manifest = templateOf(spec, 'engine-pod-delete').resource?.manifest ?? '';
    expect(manifest).toMatch(
      /- name: TOTAL_CHAOS_DURATION\n\s+value: "\{\{workflow\.parameters\.chaosDuration\}\}"\n/,
    );
  });

  it('offers the values of an enum tunable when the param gives none, beside the target parameters', () => {
    const order = param('order', { default: 'parallel', description: 'How the target pods are hit' });
    const input = experiment({
      name: 'tuned',
      target: target.fromParameters({ kinds: ['deployment'] }),
      faults: [faults.podDelete({ tunables: { sequence: order } })],
    });
    const parameters = specOf(build(input).objects[0] as KubeObject).arguments?.parameters ?? [];
    expect(parameters.map((parameter) => parameter.name)).toEqual([
      'appNamespace',
      'appKind',
      'appLabel',
      'order',
    ]);
    expect(parameters[3]).toEqual({
      name: 'order',
      value: 'parallel',
      description: 'How the target pods are hit (one of parallel, serial, random)',
      enum: ['parallel', 'serial', 'random'],
    });
  });

  it('checks the default and every enum value against the tunable, as literals, all problems at once', () => {
    const tooLong = param('chaosDuration', {
      default: '1.5s',
      description: 'd',
      enum: ['1.5s', 'soon'] as never,
    });
    expect(problems(withTunables({ totalChaosDuration: tooLong }))).toEqual([
      'faults[0] (step "pod-delete").tunables.totalChaosDuration: "1.5s" is not a duration',
      'faults[0] (step "pod-delete").tunables.totalChaosDuration: with param "chaosDuration" at "soon": "soon" is not a duration',
    ]);
  });

  it('refuses a param where none may stand, a name Argo cannot take, a target parameter name, a default outside its enum, one name defined twice, and a target without enum', () => {
    const elsewhere = experiment({
      name: 'tuned',
      chaosNamespace: param('chaos', { default: 'litmus', description: 'd' }),
      target: target.deployment({
        namespace: 'app',
        labels: { app: param('app', { default: 'web', description: 'd' }) },
      }),
      faults: [
        faults.podDelete({
          tunables: {
            totalChaosDuration: param('bad name', { default: '30s', description: 'd' }),
            chaosInterval: param('appLabel', { default: '10s', description: 'd' }),
            podsAffectedPerc: param('share', { default: 50, description: 'd', enum: [10, 20] }),
            force: param('share', { default: true, description: 'other' }) as never,
          },
        }),
      ],
    });
    expect(problems(elsewhere)).toEqual(
      expect.arrayContaining([
        'chaosNamespace: param "chaos" stands where only a literal may',
        'target.labels.app: param "app" gives a target without an enum',
        'faults[0].tunables.totalChaosDuration (param "bad name"): "bad name" is not a parameter name Argo takes',
        'faults[0].tunables.chaosInterval: param "appLabel" takes the name of a target parameter',
        'faults[0].tunables.podsAffectedPerc (param "share"): the default 50 is not one of its enum',
        'faults[0].tunables.force: param "share" is defined differently at faults[0].tunables.podsAffectedPerc',
      ]),
    );
  });

  it('warns that a value given at submit is checked only against the enum, and that the deadline counts the default', () => {
    const open = param('interval', { default: '10s', description: 'Time between deletions' });
    const { warnings } = build(withTunables({ totalChaosDuration: chaosDuration, chaosInterval: open }));
    expect(warnings).toEqual([
      'tuned: param "interval" has no enum: a value given at submit reaches Litmus unchecked (its default was checked); give it an enum, and a run given another value fails before any chaos',
      'tuned: the run\'s deadline is estimated from the default of param "chaosDuration": a longer value given at submit may be cut short; set deadline to allow for it',
    ]);
    expect(build(withTunables({ totalChaosDuration: chaosDuration }, { deadline: '30m' })).warnings).toEqual(
      [],
    );
  });

  it('compiles exactly as the literal default would, apart from the parameter and its check', () => {
    const literal = build(withTunables({ totalChaosDuration: '30s' })).objects[0] as KubeObject;
    const parameterised = build(withTunables({ totalChaosDuration: chaosDuration })).objects[0] as KubeObject;
    const { arguments: _parameters, templates, ...rest } = specOf(parameterised);
    const [main, check, ...others] = templates;
    const withoutCheck = { ...rest, templates: [{ ...main, steps: main?.steps?.slice(1) }, ...others] };
    const text = JSON.stringify(withoutCheck).replace('{{workflow.parameters.chaosDuration}}', '30');
    expect(JSON.parse(text)).toEqual(specOf(literal));
    expect(check?.name).toBe('param-outside-enum');
  });

  it('fails a run given a value outside the enum before anything else, by reading its own Workflow', () => {
    const compiled = build(withTunables({ totalChaosDuration: chaosDuration }), { rbac: true });
    const spec = specOf(compiled.objects[0] as KubeObject);
    expect(templateOf(spec, 'main').steps?.[0]).toEqual([
      {
        name: 'check-chaosDuration',
        template: 'param-outside-enum',
        arguments: { parameters: [{ name: 'param', value: 'chaosDuration' }] },
        when: '{{= !(workflow.parameters["chaosDuration"] in ["30", "60"]) }}',
      },
    ]);
    expect(templateOf(spec, 'param-outside-enum')).toEqual({
      name: 'param-outside-enum',
      inputs: { parameters: [{ name: 'param' }] },
      resource: {
        action: 'get',
        manifest: OWN_RUN_MANIFEST,
        failureCondition: '{{inputs.parameters.param}} != one-of-its-enum',
      },
    });
    const workflowRole = compiled.objects.find(
      (object) => object.kind === 'Role' && object.metadata.name === 'tuned-workflow',
    ) as { rules: PolicyRule[] } | undefined;
    expect(workflowRole?.rules).toContainEqual({
      apiGroups: ['argoproj.io'],
      resources: ['workflows'],
      verbs: ['get'],
    });
  });
});
