import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { EXAMPLES_DIR, hub } from '../helpers.js';
import { CHAOS_NAMESPACE, ChaosRuns, deployTargets, nodeOf } from './chaos-runs.js';
import { until } from './until.js';

// The example release pipeline on the real Argo controller with Litmus's operator and litmus-go: the pipeline's
// chaos stage calls the example experiment, built as a ClusterWorkflowTemplate, through templateRef; it promotes
// only when the chaos passed. The experiment's probe looks for the checkout Service's endpoints in namespace shop.
const config = new KubeConfig();
const APP = 'shop';
const PIPELINE_FILE = join(EXAMPLES_DIR, 'pipelines', 'checkout-release.yaml');
const PROMOTED = 'release.example.com/promoted-image';
let runs: ChaosRuns;

async function experimentObjects(): Promise<KubeObject[]> {
  const module = (await import(join(EXAMPLES_DIR, 'checkout-release-chaos.ts'))) as { default: unknown };
  return [...compileExperiment(module.default, { hub: hub(), kind: 'cluster-template', rbac: true }).objects];
}

const pipelineObjects = () =>
  parseAllDocuments(readFileSync(PIPELINE_FILE, 'utf8')).map((document) => document.toJS() as KubeObject);

const checkout = (): Promise<V1Deployment> =>
  config.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'checkout', namespace: APP });

/** Releases `image` with the example pipeline; resolves with the ended run. */
async function release(image: string) {
  const name = await runs.argo(
    'submit',
    '-n',
    CHAOS_NAMESPACE,
    '--from',
    'workflowtemplate/checkout-release',
    '-p',
    `image=${image}`,
    // The test's Deployment names its container `app`.
    '-p',
    'container=app',
    '-o',
    'name',
  );
  return runs.finished(name, 300_000);
}

describe('the example release pipeline, calling the chaos experiment through templateRef', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), inject('binDir'));
    const core = config.makeApiClient(CoreV1Api);
    // A namespace of an earlier run may still be going away.
    await until(
      `namespace ${APP} to be gone or active`,
      async () => {
        const found = await core.readNamespace({ name: APP }).catch(() => undefined);
        return found?.status?.phase === 'Terminating' ? undefined : true;
      },
      120_000,
    );
    await deployTargets(config, APP, ['checkout']);
    await runs.apply(await experimentObjects());
    await serverSideApply(config, pipelineObjects() as never);
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CustomObjectsApi).deleteClusterCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'clusterworkflowtemplates',
      name: 'checkout-release-chaos',
    });
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: APP });
  });

  it('deploys, then stops at the chaos stage when its verdict is Fail: nothing promoted, the chaos reverted', async () => {
    const workflow = await release('checkout:2');
    expect(workflow.status?.phase).toBe('Failed');
    expect(nodeOf(workflow, 'deploy')?.phase).toBe('Succeeded');
    expect(nodeOf(workflow, 'chaos')?.phase).toBe('Failed');
    expect(nodeOf(workflow, 'promote')).toBeUndefined();
    const result = await runs.result(workflow, 'pod-delete');
    expect(result.status?.experimentStatus?.verdict).toBe('Fail');
    expect(result.status?.probeStatuses?.map((probe) => [probe.name, probe.status.verdict])).toEqual([
      ['checkout-has-endpoints', 'Failed'],
    ]);
    const deployment = await checkout();
    expect(deployment.spec?.template.spec?.containers[0]?.image).toBe('checkout:2');
    expect(deployment.metadata?.annotations?.[PROMOTED]).toBeUndefined();
    // The chaos template's exit hook deleted the engine, though the pipeline has no exit handler of its own.
    await runs.cleanedUp(workflow);
  }, 420_000);

  it('promotes the release once the chaos passes', async () => {
    await config.makeApiClient(CoreV1Api).createNamespacedService({
      namespace: APP,
      body: {
        metadata: { name: 'checkout' },
        spec: { selector: { app: 'checkout' }, ports: [{ port: 80, targetPort: 8080 }] },
      },
    });
    const workflow = await release('checkout:3');
    expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
    expect(nodeOf(workflow, 'promote')?.phase).toBe('Succeeded');
    expect((await runs.result(workflow, 'pod-delete')).status?.experimentStatus?.verdict).toBe('Pass');
    const deployment = await checkout();
    expect(deployment.spec?.template.spec?.containers[0]?.image).toBe('checkout:3');
    expect(deployment.metadata?.annotations?.[PROMOTED]).toBe('checkout:3');
    await runs.cleanedUp(workflow);
  }, 420_000);
});
