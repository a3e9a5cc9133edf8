import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, parallel, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import {
  SIMULATOR_CONFIG_MAP,
  SIMULATOR_NAMESPACE_LABEL,
  type SimulatedOutcome,
} from '../env/litmus/simulator.js';
import { hub } from '../helpers.js';
import { nodeOf, scoreOf, type Workflow } from './chaos-runs.js';
import { until } from './until.js';

// Faults that need a container runtime (CPU and memory hogs run stress in the target's containers) cannot act on
// kwok's pods, so their outcomes come from the Litmus simulator, in a namespace that asks for it; chaos-operator
// does not watch it. What is real here is the rest: Argo's controller and argoexec running the compiled
// parallel group, the verdict gate, the score and the cleanup.
const config = new KubeConfig();
const SIMULATED = `simulated-chaos-${Date.now().toString(36)}`;
const ARGO = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  namespace: SIMULATED,
  plural: 'workflows',
} as const;
const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1', namespace: SIMULATED } as const;

async function submit(name: string, outcomes: Record<string, Partial<SimulatedOutcome>>): Promise<Workflow> {
  const compiled = compileExperiment(
    experiment({
      name,
      namespace: SIMULATED,
      chaosNamespace: SIMULATED,
      target: target.deployment({ namespace: SIMULATED, labels: { app: 'checkout' } }),
      faults: [
        parallel(
          faults.podCpuHog({ tunables: { totalChaosDuration: '30s', cpuCores: 1 } }),
          faults.podMemoryHog({ tunables: { totalChaosDuration: '30s', memoryConsumption: 128 } }),
        ),
      ],
    }),
    { hub: hub(), kind: 'workflow', rbac: true },
  );
  const [workflow, ...rbac] = [...compiled.objects] as KubeObject[];
  const choices = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: SIMULATOR_CONFIG_MAP, namespace: SIMULATED },
    data: Object.fromEntries(
      Object.entries(outcomes).map(([key, outcome]) => [key, JSON.stringify(outcome)]),
    ),
  };
  await serverSideApply(config, [...rbac, choices] as never);
  return (await config
    .makeApiClient(CustomObjectsApi)
    .createNamespacedCustomObject({ ...ARGO, body: workflow })) as Workflow;
}

const finished = (name: string) =>
  until(
    `workflow ${name} to end`,
    async () => {
      const workflow = (await config
        .makeApiClient(CustomObjectsApi)
        .getNamespacedCustomObject({ ...ARGO, name })) as Workflow;
      return ['Succeeded', 'Failed', 'Error'].includes(workflow.status?.phase ?? '') ? workflow : undefined;
    },
    180_000,
  );

describe.skipIf(inject('binDir') === '')(
  'faults that cannot act here, answered by the Litmus simulator',
  () => {
    beforeAll(async () => {
      config.loadFromFile(inject('kubeconfig'));
      await serverSideApply(config, [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: SIMULATED, labels: { ...SIMULATOR_NAMESPACE_LABEL } },
        },
      ] as never);
      await until('the default service account', () =>
        config
          .makeApiClient(CoreV1Api)
          .readNamespacedServiceAccount({ name: 'default', namespace: SIMULATED }),
      );
    });
    afterAll(async () => {
      await config.makeApiClient(CoreV1Api).deleteNamespace({ name: SIMULATED });
    });

    it('runs a parallel group to the end, scores both verdicts and fails on the Error one, leaving no engine', async () => {
      const submitted = await submit('e2e-stress', {
        'e2e-stress': { verdict: 'Pass', probeSuccessPercentage: '100', delaySeconds: 2 },
        'e2e-stress.pod-memory-hog': { verdict: 'Error', probeSuccessPercentage: '0', delaySeconds: 2 },
      });
      const workflow = await finished(submitted.metadata.name);
      expect(workflow.status?.phase).toBe('Failed');
      expect(scoreOf(workflow)).toBe('50');
      expect(nodeOf(workflow, 'verdict-pod-cpu-hog')?.phase).toBe('Succeeded');
      expect(nodeOf(workflow, 'verdict-pod-memory-hog')?.phase).toBe('Failed');
      expect(nodeOf(workflow, `${submitted.metadata.name}.onExit`)?.phase).toBe('Succeeded');
      const engines = (await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
        ...LITMUS,
        plural: 'chaosengines',
        labelSelector: `workflow_run_id=${workflow.metadata.uid}`,
      })) as { items: unknown[] };
      expect(engines.items).toEqual([]);
      // chaos-operator never acted here: it records ChaosEngineInitialized on every engine it takes.
      const events = await config.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: SIMULATED });
      expect(events.items.map((event) => event.reason)).not.toContain('ChaosEngineInitialized');
    });
  },
);
