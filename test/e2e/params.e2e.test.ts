import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, param, probe, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { hub } from '../helpers.js';
import { CHAOS_NAMESPACE, ChaosRuns, deployTargets, nodeOf, PodDeletions } from './chaos-runs.js';
import { chaosflowCli } from './cli-process.js';
import { until } from './until.js';

// Values given at submit, with the real argo CLI and Argo's controller, and Litmus's operator and litmus-go: a
// tunable, a probe's field selector and the target's label reach the ChaosEngine the run creates, and litmus-go
// acts on them (the probe fails on a ConfigMap that is not there, the other workload is hit); chaosflow run refuses a
// value outside an enum, and a run given one by `argo submit --from -p` (which, unlike the Argo UI's form, checks no
// enum) fails before any chaos.
const config = new KubeConfig();
const TARGETS = `params-${Date.now().toString(36)}`;
const NAME = 'e2e-params';
let runs: ChaosRuns;

interface Engine {
  spec: {
    appinfo: { applabel: string };
    experiments: {
      spec: {
        components?: { env?: { name: string; value: string }[] };
        probe: { 'k8sProbe/inputs': { fieldSelector: string } }[];
      };
    }[];
  };
}

function template(): KubeObject[] {
  const app = param('app', {
    default: 'web',
    description: 'The app whose pods are deleted',
    enum: ['web', 'api'],
  });
  const config = param('config', {
    default: 'metadata.name=app-config',
    description: 'The ConfigMap that must be there after the chaos',
    enum: ['metadata.name=app-config', 'metadata.name=never-created'],
  });
  const spec = experiment({
    name: NAME,
    chaosServiceAccount: `${NAME}-chaos`,
    target: target.deployment({ namespace: TARGETS, labels: { app } }),
    faults: [
      faults.podDelete({
        tunables: {
          totalChaosDuration: param('chaosDuration', {
            default: '10s',
            description: 'How long pods are deleted for',
            enum: ['10s', '20s'],
          }),
          chaosInterval: '5s',
        },
        probes: [
          probe.k8s({
            name: 'config-present',
            mode: 'EOT',
            version: 'v1',
            resource: 'configmaps',
            namespace: TARGETS,
            fieldSelector: config,
            operation: 'present',
            runProperties: { probeTimeout: '5s', interval: '1s', attempt: 1 },
          }),
        ],
      }),
    ],
  });
  return [...compileExperiment(spec, { hub: hub(), kind: 'template', rbac: true }).objects];
}

/** The ChaosEngine of a run, once Argo's controller has created it. */
const engineOf = (uid: string) =>
  until(
    `the engine of run ${uid}`,
    async () => {
      const list = (await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
        group: 'litmuschaos.io',
        version: 'v1alpha1',
        namespace: CHAOS_NAMESPACE,
        plural: 'chaosengines',
        labelSelector: `workflow_run_id=${uid}`,
      })) as { items: Engine[] };
      return list.items[0];
    },
    120_000,
  );

/** Submits a run of the template as `argo submit --from -p` does; its name. */
const submitWith = (...parameters: string[]) =>
  runs.argo(
    'submit',
    '-n',
    CHAOS_NAMESPACE,
    '--from',
    `workflowtemplate/${NAME}`,
    ...parameters.flatMap((parameter) => ['-p', parameter]),
    '-o',
    'name',
  );

describe('values given at submit', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), inject('binDir'));
    await deployTargets(config, TARGETS, ['web', 'api']);
    await config.makeApiClient(CoreV1Api).createNamespacedConfigMap({
      namespace: TARGETS,
      body: { metadata: { name: 'app-config' }, data: { mode: 'chaos' } },
    });
    await runs.apply(template());
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
  });

  it('argo submit --from workflowtemplate -p changes a tunable: the engine the run creates carries the value given', async () => {
    const name = await submitWith('chaosDuration=20');
    const { uid } = (await runs.workflow(name)).metadata;
    const engine = await engineOf(uid);
    expect(engine.spec.experiments[0]?.spec.components?.env).toContainEqual({
      name: 'TOTAL_CHAOS_DURATION',
      value: '20',
    });
    expect(engine.spec.appinfo.applabel).toBe('app=web');
    const workflow = await runs.finished(name);
    expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
    const result = await runs.result(workflow, 'pod-delete');
    expect(result.status?.experimentStatus?.verdict).toBe('Pass');
    expect(result.status?.probeStatuses?.map((status) => [status.name, status.status.verdict])).toEqual([
      ['config-present', 'Passed'],
    ]);
    await runs.cleanedUp(workflow);
  }, 300_000);

  it("-p changes a probe's field and the target's label: litmus-go hits the other app and the probe fails on what it was given", async () => {
    const deletions = new PodDeletions(config, TARGETS, 'app in (web, api)');
    await deletions.start();
    const name = await submitWith('app=api', 'config=metadata.name=never-created');
    const { uid } = (await runs.workflow(name)).metadata;
    const engine = await engineOf(uid);
    expect(engine.spec.appinfo.applabel).toBe('app=api');
    expect(engine.spec.experiments[0]?.spec.probe[0]?.['k8sProbe/inputs'].fieldSelector).toBe(
      'metadata.name=never-created',
    );
    const workflow = await runs.finished(name);
    deletions.stop();
    expect(workflow.status?.phase).toBe('Failed');
    expect(nodeOf(workflow, 'verdict-pod-delete')?.phase).toBe('Failed');
    const result = await runs.result(workflow, 'pod-delete');
    expect(result.status?.experimentStatus?.verdict).toBe('Fail');
    expect(result.status?.probeStatuses?.map((status) => [status.name, status.status.verdict])).toEqual([
      ['config-present', 'Failed'],
    ]);
    expect(deletions.seen.length).toBeGreaterThan(0);
    expect(new Set(deletions.seen.map((deletion) => deletion.name.split('-')[0]))).toEqual(new Set(['api']));
    await runs.cleanedUp(workflow);
  }, 300_000);

  it('argo submit -p takes a value outside the enum, and the run fails at its first step, before any chaos', async () => {
    const name = await submitWith('chaosDuration=45');
    const workflow = await runs.finished(name);
    expect(workflow.status?.phase).toBe('Failed');
    const ran = Object.values(workflow.status?.nodes ?? {})
      .filter((node) => node.phase !== 'Skipped')
      .map((node) => node.displayName)
      .sort();
    expect(ran).toEqual(['check-chaosDuration', name, `${name}.onExit`, '[0]'].sort());
    const check = nodeOf(workflow, 'check-chaosDuration');
    expect(check?.phase).toBe('Failed');
    expect(check?.message).toBe(
      "Error: failure condition '{chaosDuration != [one-of-its-enum]}' evaluated true",
    );
    await runs.cleanedUp(workflow);
  }, 300_000);

  it('chaosflow run refuses a value outside the enum before it submits anything', async () => {
    const runsOf = async () =>
      (await runs.argo('list', '-n', CHAOS_NAMESPACE, '-l', `workflow_id=${NAME}`, '-o', 'name')).split('\n')
        .length;
    const before = await runsOf();
    const refused = await chaosflowCli(
      ['run', `workflowtemplate/${NAME}`, '-n', CHAOS_NAMESPACE, '-p', 'chaosDuration=45'],
      inject('kubeconfig'),
    );
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: -p chaosDuration=45: not one of 10, 20\n  → pass only the parameters it declares\n',
    });
    expect(await runsOf()).toBe(before);
  });
});
