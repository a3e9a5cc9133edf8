import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import { engineName, enginePrefix, MAX_ENGINE_PREFIX } from '../../src/compile/names.js';
import { faults, probe, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { engineOf, hub, specOf, templateOf } from '../helpers.js';
import { sample } from './fixtures.js';

const UID = '123e4567-e89b-12d3-a456-426614174000';

describe('ChaosEngine names', () => {
  it('are <step>-<run uid> and at most 63 characters once the uid is substituted', () => {
    expect(engineName('pod-delete')).toBe('pod-delete-{{workflow.uid}}');
    const longest = 'a'.repeat(63);
    expect(engineName(longest).replace('{{workflow.uid}}', UID).length).toBe(63);
    expect(enginePrefix(longest)).toHaveLength(MAX_ENGINE_PREFIX);
  });

  it('stay apart for long step names that share a beginning', () => {
    const first = enginePrefix('checkout-service-network-latency-primary');
    const second = enginePrefix('checkout-service-network-latency-replica');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^checkout-service-ne-[0-9a-f]{6}$/);
    expect(enginePrefix('checkout-service-network-latency-primary')).toBe(first);
  });
});

describe('ChaosEngine manifests', () => {
  it('set only the tunables the step gives, converted to the env strings Litmus reads', () => {
    const experiment = sample({
      faults: [
        faults.podNetworkLatency({
          tunables: {
            totalChaosDuration: '2m',
            networkLatency: '1s',
            destinationHosts: ['db', 'cache'],
            sequence: 'serial',
          },
        }),
      ],
    });
    const engine = engineOf(compileExperiment(experiment, { hub: hub() }).objects[0], 'pod-network-latency');
    expect(engine.spec.experiments).toEqual([
      {
        name: 'pod-network-latency',
        spec: {
          components: {
            env: [
              { name: 'TOTAL_CHAOS_DURATION', value: '120' },
              { name: 'NETWORK_LATENCY', value: '1000' },
              { name: 'DESTINATION_HOSTS', value: 'db,cache' },
              { name: 'SEQUENCE', value: 'serial' },
            ],
          },
        },
      },
    ]);
  });

  it('select a labelled workload through appinfo, always with its kind, labelled for chaos-exporter', () => {
    const engine = engineOf(compileExperiment(sample(), { hub: hub() }).objects[0], 'pod-delete');
    expect(engine.spec.appinfo).toEqual({ appns: 'app', applabel: 'app=web', appkind: 'deployment' });
    expect(engine.spec).toMatchObject({
      engineState: 'active',
      chaosServiceAccount: 'litmus-admin',
      jobCleanUpPolicy: 'delete',
    });
    expect(engine.metadata).toEqual({
      name: 'pod-delete-{{workflow.uid}}',
      namespace: 'litmus',
      labels: {
        'app.kubernetes.io/managed-by': 'chaosflow',
        // chaos-exporter's chaosengine_context and workflow_name: the experiment, never the run.
        context: 'sample',
        workflow_name: 'sample',
        workflow_run_id: '{{workflow.uid}}',
      },
      annotations: { 'chaosflow.io/run': '{{workflow.namespace}}/{{workflow.name}}' },
    });
  });

  it('select named workloads through Litmus 3.x selectors, names comma-joined', () => {
    const experiment = sample({
      target: target.statefulset({ namespace: 'db', names: ['pg-0', 'pg-1'] }),
      faults: [faults.podDelete()],
    });
    const engine = engineOf(compileExperiment(experiment, { hub: hub() }).objects[0], 'pod-delete');
    expect(engine.spec.selectors).toEqual({
      workloads: [{ kind: 'statefulset', namespace: 'db', names: 'pg-0,pg-1' }],
    });
    expect(engine.spec.appinfo).toBeUndefined();
  });

  it('read the target from workflow parameters, which the UI form offers with enum and description', () => {
    const experiment = sample({
      target: target.fromParameters({ kinds: ['deployment', 'daemonset'], defaults: { namespace: 'web' } }),
      faults: [faults.podDelete()],
    });
    const [workflow] = compileExperiment(experiment, { hub: hub() }).objects;
    const engine = engineOf(workflow, 'pod-delete');
    expect(engine.spec.appinfo).toEqual({
      appns: '{{workflow.parameters.appNamespace}}',
      applabel: '{{workflow.parameters.appLabel}}',
      appkind: '{{workflow.parameters.appKind}}',
    });
    const parameters = specOf(workflow as KubeObject).arguments?.parameters ?? [];
    expect(parameters.map((p) => [p.name, p.value, p.enum])).toEqual([
      ['appNamespace', 'web', undefined],
      ['appKind', 'deployment', ['deployment', 'daemonset']],
      ['appLabel', undefined, undefined],
    ]);
    expect(parameters.every((p) => (p.description ?? '').length > 10)).toBe(true);
    const [check, install, run] = templateOf(specOf(workflow as KubeObject), 'main').steps ?? [];
    expect(check).toEqual([
      {
        name: 'check-appKind',
        template: 'param-outside-enum',
        arguments: { parameters: [{ name: 'param', value: 'appKind' }] },
        when: '{{= !(workflow.parameters["appKind"] in ["deployment", "daemonset"]) }}',
      },
    ]);
    expect(install?.map((step) => step.name)).toEqual(['install-pod-delete']);
    expect(run?.[0]?.when).toBe("{{= workflow.parameters.appLabel != '' }}");
  });

  it('put probes in Litmus shape: inputs under <type>/inputs, codes and comparator values as strings', () => {
    const experiment = sample({
      faults: [
        faults.podDelete({
          probes: [
            probe.http({
              name: 'up',
              mode: 'Continuous',
              url: 'http://web.app/healthz',
              method: { get: { criteria: 'oneOf', responseCode: [200, 204] } },
              runProperties: { probeTimeout: '2s', interval: '1s', attempt: 2 },
            }),
            probe.cmd({
              name: 'count',
              mode: 'EOT',
              command: 'wc -l < /tmp/x',
              comparator: { type: 'int', criteria: '>=', value: 3 },
              runProperties: { probeTimeout: '5s', interval: '1s' },
            }),
            probe.prom({
              name: 'errors',
              mode: 'Edge',
              endpoint: 'http://prometheus:9090',
              query: 'sum(rate(errors[1m]))',
              comparator: { criteria: 'between', value: [0, 1] },
              runProperties: { probeTimeout: '5s', interval: '5s' },
            }),
            probe.k8s({
              name: 'pods-there',
              mode: 'SOT',
              version: 'v1',
              resource: 'pods',
              namespace: 'app',
              labelSelector: 'app=web',
              operation: 'present',
              runProperties: { probeTimeout: '5s', interval: '2s' },
            }),
          ],
        }),
      ],
    });
    const probes = engineOf(compileExperiment(experiment, { hub: hub() }).objects[0], 'pod-delete').spec
      .experiments[0].spec.probe;
    expect(probes).toEqual([
      {
        name: 'up',
        type: 'httpProbe',
        mode: 'Continuous',
        runProperties: { probeTimeout: '2s', interval: '1s', attempt: 2 },
        'httpProbe/inputs': {
          url: 'http://web.app/healthz',
          method: { get: { criteria: 'oneOf', responseCode: '200,204' } },
        },
      },
      {
        name: 'count',
        type: 'cmdProbe',
        mode: 'EOT',
        runProperties: { probeTimeout: '5s', interval: '1s' },
        'cmdProbe/inputs': {
          command: 'wc -l < /tmp/x',
          comparator: { type: 'int', criteria: '>=', value: '3' },
        },
      },
      {
        name: 'errors',
        type: 'promProbe',
        mode: 'Edge',
        runProperties: { probeTimeout: '5s', interval: '5s' },
        'promProbe/inputs': {
          endpoint: 'http://prometheus:9090',
          query: 'sum(rate(errors[1m]))',
          comparator: { criteria: 'between', value: '0,1' },
        },
      },
      {
        name: 'pods-there',
        type: 'k8sProbe',
        mode: 'SOT',
        runProperties: { probeTimeout: '5s', interval: '2s' },
        'k8sProbe/inputs': {
          version: 'v1',
          resource: 'pods',
          namespace: 'app',
          labelSelector: 'app=web',
          operation: 'present',
        },
      },
    ]);
  });
});

describe('image options', () => {
  const experiment = sample({ faults: [faults.podCpuHog()] });

  it('pull the runner, the experiment and its helper images from a mirror, with pull secrets', () => {
    const [workflow] = compileExperiment(experiment, {
      hub: hub(),
      images: { registry: 'mirror.local/litmus', pullSecrets: ['mirror-pull'] },
    }).objects;
    const engine = engineOf(workflow, 'pod-cpu-hog');
    expect(engine.spec.components).toEqual({
      runner: {
        image: 'mirror.local/litmus/chaos-runner:3.28.0',
        imagePullSecrets: [{ name: 'mirror-pull' }],
      },
    });
    expect(engine.spec.experiments[0].spec.components).toEqual({
      experimentImagePullSecrets: [{ name: 'mirror-pull' }],
    });
    const installed = parse(
      templateOf(specOf(workflow as KubeObject), 'install-pod-cpu-hog').resource?.manifest ?? '',
    );
    expect(installed.spec.definition.image).toBe('mirror.local/litmus/go-runner:3.28.0');
    const images = installed.spec.definition.env.filter((env: { name: string }) =>
      env.name.endsWith('_IMAGE'),
    );
    expect(images).toEqual([
      { name: 'LIB_IMAGE', value: 'mirror.local/litmus/go-runner:3.28.0' },
      { name: 'STRESS_IMAGE', value: 'mirror.local/litmus/stress-ng:latest-ubuntu' },
    ]);
  });

  it('change nothing when not given', () => {
    const plain = compileExperiment(experiment, { hub: hub() }).objects;
    const empty = compileExperiment(experiment, { hub: hub(), images: { pullSecrets: [] } }).objects;
    expect(empty).toEqual(plain);
    expect(engineOf(plain[0], 'pod-cpu-hog').spec.components).toBeUndefined();
  });
});
