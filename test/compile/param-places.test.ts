import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { resolveParams } from '../../src/compile/param-uses.js';
import { paramVariants } from '../../src/compile/param-variants.js';
import { experiment, faults, param, probe, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import type { BlastRadiusPolicy } from '../../src/policy/policy.js';
import { engineOf, hub, refusals, specOf } from '../helpers.js';

const shop = param('shop', {
  default: 'shop',
  description: 'Namespace of the shop to hit',
  enum: ['shop', 'shop-staging'],
});
const frontend = param('frontendUrl', {
  default: 'http://frontend.shop',
  description: 'What the probe calls',
  enum: ['http://frontend.shop', 'http://frontend.shop-staging'],
});
const expectedCode = param('expectedCode', {
  default: 200,
  description: 'Code the probe wants',
  enum: [200, 204],
});
const probeInterval = param('probeInterval', {
  default: '2s',
  description: 'Time between calls',
  enum: ['2s', '5s'],
});

const frontendUp = (url: string, code: number, interval: string) =>
  probe.http({
    name: 'frontend-up',
    mode: 'Continuous',
    url,
    method: { get: { criteria: '==', responseCode: code } },
    runProperties: { probeTimeout: '5s', interval: interval as '2s', attempt: 3 },
  });

const build = (input: unknown, policy?: BlastRadiusPolicy) =>
  compileExperiment(input, { hub: hub(), rbac: true, ...(policy === undefined ? {} : { policy }) });
const problems = (input: unknown, policy?: BlastRadiusPolicy): string[] =>
  refusals(() => build(input, policy));

describe('param() in probes and targets', () => {
  it("gives a probe's checked values and timing: the engine's probe holds the run's parameters, as text", () => {
    const compiled = build(
      experiment({
        name: 'probed',
        target: target.deployment({ namespace: 'shop', labels: { app: 'frontend' } }),
        faults: [faults.podDelete({ probes: [frontendUp(frontend, expectedCode, probeInterval)] })],
      }),
    );
    const [probeSpec] = engineOf(compiled.objects[0], 'pod-delete').spec.experiments[0].spec.probe;
    expect(probeSpec).toEqual({
      name: 'frontend-up',
      type: 'httpProbe',
      mode: 'Continuous',
      runProperties: { probeTimeout: '5s', interval: '{{workflow.parameters.probeInterval}}', attempt: 3 },
      'httpProbe/inputs': {
        url: '{{workflow.parameters.frontendUrl}}',
        method: { get: { criteria: '==', responseCode: '{{workflow.parameters.expectedCode}}' } },
      },
    });
    expect(specOf(compiled.objects[0] as KubeObject).arguments?.parameters).toEqual([
      {
        name: 'probeInterval',
        value: '2s',
        description: "Time between calls (a duration, e.g. '5s')",
        enum: ['2s', '5s'],
      },
      {
        name: 'frontendUrl',
        value: 'http://frontend.shop',
        description: 'What the probe calls (a URL)',
        enum: ['http://frontend.shop', 'http://frontend.shop-staging'],
      },
      {
        name: 'expectedCode',
        value: '200',
        description: 'Code the probe wants (an HTTP status code)',
        enum: ['200', '204'],
      },
    ]);
  });

  it("gives a workload target's namespace, label value and names, and grants RBAC in every namespace of the enum", () => {
    const app = param('app', { default: 'frontend', description: 'Which app', enum: ['frontend', 'cart'] });
    const compiled = build(
      experiment({
        name: 'targeted',
        target: target.deployment({ namespace: shop, labels: { app } }),
        faults: [
          faults.podDelete(),
          faults.podDelete({
            name: 'by-name',
            target: target.statefulset({
              namespace: 'shop',
              names: [
                'db',
                param('replica', { default: 'db-2', description: 'A replica', enum: ['db-2', 'db-3'] }),
              ],
            }),
          }),
        ],
      }),
    );
    const [workflow, ...rbac] = compiled.objects;
    expect(engineOf(workflow, 'pod-delete').spec.appinfo).toEqual({
      appns: '{{workflow.parameters.shop}}',
      applabel: 'app={{workflow.parameters.app}}',
      appkind: 'deployment',
    });
    expect(engineOf(workflow, 'by-name').spec.selectors).toEqual({
      workloads: [{ kind: 'statefulset', namespace: 'shop', names: 'db,{{workflow.parameters.replica}}' }],
    });
    const chaosRoles = rbac.filter(
      (object) => object.kind === 'Role' && object.metadata.name === 'targeted-chaos',
    );
    expect(chaosRoles.map((role) => role.metadata.namespace)).toEqual(['litmus', 'shop', 'shop-staging']);
    expect(specOf(workflow as KubeObject).arguments?.parameters?.map((p) => [p.name, p.description])).toEqual(
      [
        ['shop', "Namespace of the shop to hit (the target's namespace)"],
        ['app', "Which app (the value of the target's label app)"],
        ['replica', 'A replica (the name of a target workload)'],
      ],
    );
  });

  it('checks every enum value as the literal it stands for: structure, hub and blast-radius policy', () => {
    const share = param('share', { default: 50, description: 'Share of pods', enum: [50, 100] });
    const anywhere = param('where', {
      default: 'shop',
      description: 'Namespace',
      enum: ['shop', 'kube-system'],
    });
    expect(
      problems(
        experiment({
          name: 'checked',
          target: target.deployment({ namespace: anywhere, labels: { app: 'web' } }),
          faults: [
            faults.podDelete({
              tunables: { podsAffectedPerc: share },
              probes: [
                frontendUp(
                  param('url', { default: 'http://web', description: 'u', enum: ['http://web', 'web'] }),
                  200,
                  '2s',
                ),
              ],
            }),
          ],
        }),
        { forbiddenNamespaces: ['kube-system'], maxAffectedPercent: 50 },
      ),
    ).toEqual([
      'faults[0] (step "pod-delete").probes[0].inputs.url: with param "url" at "web": Invalid URL',
      'faults[0] (step "pod-delete").tunables.podsAffectedPerc: with param "share" at 100: podsAffectedPerc 100% is more than the policy\'s maxAffectedPercent of 50%',
      'target.namespace: with param "where" at "kube-system": namespace "kube-system" is forbidden by the policy (forbiddenNamespaces)',
    ]);
  });

  it('checks every combination of enum values, reporting one only for what fewer changes do not explain', () => {
    const duration = param('duration', { default: '60s', description: 'd', enum: ['60s', '20s'] });
    const interval = param('interval', { default: '10s', description: 'i', enum: ['10s', '30s'] });
    expect(
      problems(
        experiment({
          name: 'combined',
          target: target.deployment({ namespace: 'shop', labels: { app: 'web' } }),
          faults: [faults.podDelete({ tunables: { totalChaosDuration: duration, chaosInterval: interval } })],
        }),
      ),
    ).toEqual([
      'faults[0] (step "pod-delete").tunables.chaosInterval: with param "duration" at "20s" and param "interval" at "30s": chaosInterval 30s is longer than totalChaosDuration 20s: Litmus would act once, then hold the chaos for the whole interval',
    ]);
  });

  it('checks each value once, and warns, when the enums make more than 64 combinations', () => {
    const many = (name: string) =>
      param(name, { default: 'a', description: 'd', enum: ['a', 'b', 'c', 'd', 'e'] });
    const wide = experiment({
      name: 'wide',
      target: target.deployment({ namespace: 'shop', labels: { app: many('app') } }),
      faults: [
        faults.podDelete({
          probes: [
            probe.k8s({
              name: 'pods',
              mode: 'EOT',
              version: 'v1',
              resource: 'pods',
              namespace: 'shop',
              labelSelector: many('selector'),
              fieldSelector: many('field'),
              operation: 'present',
              runProperties: { probeTimeout: '5s', interval: '2s' },
            }),
          ],
        }),
      ],
    });
    // 3 params of 5 values: each of the 12 other values once, instead of the 124 other combinations.
    expect(paramVariants(wide, resolveParams(wide).uses).map((variant) => variant.values.length)).toEqual(
      Array(12).fill(1),
    );
    expect(build(wide).warnings).toContain(
      "wide: its params' enums make 125 combinations, more than the 64 a build checks: each value was checked with the other params at their defaults, not every combination; split the experiment or narrow the enums to have all checked",
    );
  });

  it('refuses a param where a run cannot give it: a probe name, attempts, a k8s probe namespace, a list item, a target from parameters', () => {
    const text = (name: string) => param(name, { default: 'x', description: 'd', enum: ['x'] });
    const found = problems(
      experiment({
        name: 'refused',
        target: target.fromParameters({ defaults: { namespace: text('ns') } }),
        faults: [
          faults.podDelete({
            probes: [
              probe.http({
                name: text('probeName'),
                mode: 'SOT',
                url: 'http://web',
                method: {
                  get: {
                    criteria: 'oneOf',
                    responseCode: [200, param('code', { default: 204, description: 'd', enum: [204] })],
                  },
                },
                runProperties: {
                  probeTimeout: '5s',
                  interval: '2s',
                  attempt: param('tries', { default: 3, description: 'd', enum: [3] }),
                },
              }),
              probe.k8s({
                name: 'pods',
                mode: 'EOT',
                version: 'v1',
                resource: 'pods',
                namespace: text('probeNs'),
                operation: 'present',
                runProperties: { probeTimeout: '5s', interval: '2s' },
              }),
            ],
          }),
        ],
      }),
    );
    expect(found).toEqual([
      'target.defaults.namespace: param "ns" stands where only a literal may',
      'faults[0].probes[0].name: param "probeName" stands where only a literal may',
      'faults[0].probes[0].runProperties.attempt: param "tries" stands where only a literal may',
      'faults[0].probes[0].inputs.method.get.responseCode[1]: param "code" stands where only a literal may',
      'faults[0].probes[1].inputs.namespace: param "probeNs" stands where only a literal may',
    ]);
  });
});
