import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, target } from '../../src/index.js';
import { serverSideApply } from '../env/apply.js';
import { SIMULATOR_CONFIG_MAP, type SimulatedOutcome } from '../env/litmus/simulator.js';
import { hub } from '../helpers.js';

const config = new KubeConfig();
const ARGO = { group: 'argoproj.io', version: 'v1alpha1', namespace: 'litmus', plural: 'workflows' } as const;

interface Workflow {
  metadata: { name: string; uid: string };
  status?: {
    phase?: string;
    message?: string;
    outputs?: { parameters?: { name: string; value?: string }[] };
    nodes?: Record<string, { displayName: string; phase: string }>;
  };
}

/** Compiles a one-fault experiment to a Workflow plus its RBAC, applies the RBAC, and submits the Workflow. */
async function submit(name: string, outcome: Partial<SimulatedOutcome>): Promise<Workflow> {
  const compiled = compileExperiment(
    experiment({
      name,
      target: target.deployment({ namespace: 'nginx', labels: { app: 'nginx' } }),
      faults: [faults.podDelete({ tunables: { totalChaosDuration: '30s' } })],
    }),
    { hub: hub(), kind: 'workflow', rbac: true },
  );
  const [workflow, ...rbac] = [...compiled.objects] as KubernetesObject[];
  const simulator = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: SIMULATOR_CONFIG_MAP, namespace: 'litmus' },
    data: { [name]: JSON.stringify(outcome) },
  };
  await serverSideApply(config, [...rbac, simulator]);
  return (await config
    .makeApiClient(CustomObjectsApi)
    .createNamespacedCustomObject({ ...ARGO, body: workflow })) as Workflow;
}

async function read(name: string): Promise<Workflow> {
  return (await config
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject({ ...ARGO, name })) as Workflow;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 150_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const finished = (name: string) =>
  waitFor(`workflow ${name} to end`, async () => {
    const workflow = await read(name);
    return ['Succeeded', 'Failed', 'Error'].includes(workflow.status?.phase ?? '') ? workflow : undefined;
  });

async function enginesOf(workflow: Workflow): Promise<unknown[]> {
  const list = (await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace: 'litmus',
    plural: 'chaosengines',
    labelSelector: `workflow_run_id=${workflow.metadata.uid}`,
  })) as { items: unknown[] };
  return list.items;
}

const score = (workflow: Workflow) =>
  workflow.status?.outputs?.parameters?.find((parameter) => parameter.name === 'resiliencyScore')?.value;
const node = (workflow: Workflow, name: string) =>
  Object.values(workflow.status?.nodes ?? {}).find((candidate) => candidate.displayName === name);

// Runs on the test control plane, where Argo's controller, the pod runner and the Litmus simulator run; a
// user's cluster runs real Litmus, whose verdicts a test cannot choose.
describe.skipIf(inject('binDir') === '')(
  'a compiled workflow run by the real Argo controller and argoexec',
  () => {
    beforeAll(async () => {
      config.loadFromFile(inject('kubeconfig'));
      await serverSideApply(
        config,
        ['litmus', 'nginx'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
      );
      await waitFor(
        'the default service account of litmus',
        async () =>
          (await config
            .makeApiClient(CoreV1Api)
            .readNamespacedServiceAccount({ name: 'default', namespace: 'litmus' })
            .catch(() => undefined)) ?? undefined,
      );
    });

    it('ends Succeeded with score 100 when the verdict is Pass, and leaves no ChaosEngine', async () => {
      const submitted = await submit('e2e-pass', { verdict: 'Pass', probeSuccessPercentage: '100' });
      const workflow = await finished(submitted.metadata.name);
      expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
      expect(score(workflow)).toBe('100');
      expect(node(workflow, `${submitted.metadata.name}.onExit`)?.phase).toBe('Succeeded');
      expect(await enginesOf(workflow)).toEqual([]);
    });

    it('ends Failed when the verdict is Fail, still reports the score, and leaves no ChaosEngine', async () => {
      const submitted = await submit('e2e-fail', { verdict: 'Fail', probeSuccessPercentage: '50' });
      const workflow = await finished(submitted.metadata.name);
      expect(workflow.status?.phase).toBe('Failed');
      expect(score(workflow)).toBe('50');
      expect(node(workflow, 'verdict-pod-delete')?.phase).toBe('Failed');
      expect(node(workflow, `${submitted.metadata.name}.onExit`)?.phase).toBe('Succeeded');
      expect(await enginesOf(workflow)).toEqual([]);
    });

    it('cleans up when stopped mid-run (shutdown: Stop): the exit handler deletes the running engine', async () => {
      const submitted = await submit('e2e-stop', { verdict: 'Pass', delaySeconds: 3600 });
      await waitFor('the engine to start', async () =>
        (await enginesOf(submitted)).length > 0 ? true : undefined,
      );
      await config
        .makeApiClient(CustomObjectsApi)
        .patchNamespacedCustomObject(
          { ...ARGO, name: submitted.metadata.name, body: { spec: { shutdown: 'Stop' } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
      const workflow = await finished(submitted.metadata.name);
      expect(workflow.status?.phase).toBe('Failed');
      expect(node(workflow, `${submitted.metadata.name}.onExit`)?.phase).toBe('Succeeded');
      expect(await enginesOf(workflow)).toEqual([]);
    });
  },
);
