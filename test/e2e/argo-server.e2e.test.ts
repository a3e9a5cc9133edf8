import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, param, probe, target } from '../../src/index.js';
import type { KubeObject, WorkflowSpec } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { ARGO_NAMESPACE } from '../env/argo-controller.js';
import { type RunningArgoServer, startArgoServer } from '../env/argo-server.js';
import { hub } from '../helpers.js';
import { CHAOS_NAMESPACE } from './chaos-runs.js';

// `argo server`, from the same Argo build as the test control plane's controller, serving the API the Argo UI
// reads: the submit form's parameters of a compiled WorkflowTemplate, a ClusterWorkflowTemplate for templateRef,
// and the links of the controller's ConfigMap.
const config = new KubeConfig();
const suffix = Date.now().toString(36);
const FORM = `ui-form-${suffix}`;
const CALLABLE = `ui-callable-${suffix}`;
const binDir = inject('binDir');
const built = binDir !== '' && existsSync(join(binDir, 'argo'));
/** The link the chart's install notes give for Grafana at https://grafana.example.com. */
const DASHBOARD_LINK = {
  name: 'Chaos dashboard',
  scope: 'workflow',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Argo's link variables, which the Argo UI replaces
  url: 'https://grafana.example.com/d/chaosflow/chaosflow?from=${status.startedAtEpoch}&to=${status.finishedAtEpoch}&var-workflow_id=${workflow.metadata.labels.workflow_id}',
};

const compiled = (name: string, kind: 'template' | 'cluster-template'): KubeObject => {
  const spec = experiment({
    name,
    target: target.fromParameters({
      kinds: ['deployment', 'statefulset'],
      defaults: { namespace: 'shop', kind: 'deployment' },
    }),
    faults: [
      faults.podDelete({
        tunables: {
          totalChaosDuration: param('chaosDuration', {
            default: '30s',
            description: 'How long pods are deleted for',
            enum: ['30s', '60s'],
          }),
        },
        probes: [
          probe.http({
            name: 'frontend-up',
            mode: 'Continuous',
            url: param('frontendUrl', {
              default: 'http://frontend.shop',
              description: 'What the probe calls',
              enum: ['http://frontend.shop', 'http://frontend.shop-canary'],
            }),
            method: { get: { criteria: '==', responseCode: 200 } },
            runProperties: { probeTimeout: '5s', interval: '2s' },
          }),
        ],
      }),
    ],
  });
  return compileExperiment(spec, { hub: hub(), kind }).objects[0] as KubeObject;
};

async function get<T>(server: RunningArgoServer, path: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const patchControllerConfig = (data: Record<string, string | null>) =>
  config
    .makeApiClient(CoreV1Api)
    .patchNamespacedConfigMap(
      { name: 'workflow-controller-configmap', namespace: ARGO_NAMESPACE, body: { data } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );

describe.skipIf(!built)('argo server of the same Argo build: what the Argo UI reads', () => {
  let server: RunningArgoServer;
  const form = compiled(FORM, 'template');
  const callable = compiled(CALLABLE, 'cluster-template');

  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    await serverSideApply(config, [form, callable] as never);
    await patchControllerConfig({ links: stringify([DASHBOARD_LINK]) });
    server = await startArgoServer(inject('kubeconfig'));
  });
  afterAll(async () => {
    await server?.stop();
    await patchControllerConfig({ links: null });
    const custom = config.makeApiClient(CustomObjectsApi);
    const argo = { group: 'argoproj.io', version: 'v1alpha1' };
    await custom.deleteNamespacedCustomObject({
      ...argo,
      namespace: CHAOS_NAMESPACE,
      plural: 'workflowtemplates',
      name: FORM,
    });
    await custom.deleteClusterCustomObject({ ...argo, plural: 'clusterworkflowtemplates', name: CALLABLE });
  });

  it("returns a template's submit-time parameters, a tunable's and a probe's among them, with the descriptions and enums of its form", async () => {
    const template = await get<KubeObject>(server, `/api/v1/workflow-templates/${CHAOS_NAMESPACE}/${FORM}`);
    const parameters = (template.spec as WorkflowSpec).arguments?.parameters;
    expect(parameters).toEqual([
      { name: 'appNamespace', value: 'shop', description: 'Namespace of the workload to hit.' },
      {
        name: 'appKind',
        value: 'deployment',
        enum: ['deployment', 'statefulset'],
        description: 'Kind of the workload to hit.',
      },
      {
        name: 'appLabel',
        description:
          'One label that selects the workload to hit, as key=value. Litmus treats several comma-separated labels as OR.',
      },
      {
        name: 'chaosDuration',
        value: '30',
        enum: ['30', '60'],
        description: 'How long pods are deleted for (whole seconds)',
      },
      {
        name: 'frontendUrl',
        value: 'http://frontend.shop',
        enum: ['http://frontend.shop', 'http://frontend.shop-canary'],
        description: 'What the probe calls (a URL)',
      },
    ]);
    expect(parameters).toEqual((form.spec as WorkflowSpec).arguments?.parameters);
  });

  it('lists the ClusterWorkflowTemplate with the entry other pipelines call through templateRef', async () => {
    const list = await get<{ items: KubeObject[] }>(server, '/api/v1/cluster-workflow-templates');
    const found = list.items.find((item) => item.metadata.name === CALLABLE);
    expect(found?.metadata.labels?.workflow_id).toBe(CALLABLE);
    const template = await get<KubeObject>(server, `/api/v1/cluster-workflow-templates/${CALLABLE}`);
    expect((template.spec as WorkflowSpec).templates.find((t) => t.name === 'chaos')).toMatchObject({
      name: 'chaos',
      steps: [[{ name: 'main', template: 'main', hooks: { exit: { template: 'cleanup' } } }]],
    });
  });

  it("serves the chart's link from a run to its dashboard, read from the controller's ConfigMap", async () => {
    const info = await get<{ links?: unknown[] }>(server, '/api/v1/info');
    expect(info.links).toEqual([DASHBOARD_LINK]);
  });
});
