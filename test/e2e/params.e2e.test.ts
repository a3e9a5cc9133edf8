import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, param, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { hub } from '../helpers.js';
import { CHAOS_NAMESPACE, ChaosRuns, deployTargets, nodeOf } from './chaos-runs.js';
import { chaosflowCli } from './cli-process.js';
import { until } from './until.js';

// A tunable given at submit, with the real argo CLI and Argo's controller, and Litmus's operator and litmus-go:
// the value given reaches the ChaosEngine the run creates; chaosflow run refuses a value outside the enum, and a
// run given one by `argo submit --from -p` (which, unlike the Argo UI's form, checks no enum) fails before any chaos.
const config = new KubeConfig();
const TARGETS = `params-${Date.now().toString(36)}`;
const NAME = 'e2e-params';
let runs: ChaosRuns;

interface Engine {
  spec: { experiments: { spec: { components?: { env?: { name: string; value: string }[] } } }[] };
}

function template(): KubeObject[] {
  const spec = experiment({
    name: NAME,
    chaosServiceAccount: `${NAME}-chaos`,
    target: target.deployment({ namespace: TARGETS, labels: { app: 'web' } }),
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
      }),
    ],
  });
  return [...compileExperiment(spec, { hub: hub(), kind: 'template', rbac: true }).objects];
}

/** The env the ChaosEngine of a run gives the fault, once Argo's controller has created it. */
const engineEnv = (uid: string) =>
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
      return list.items[0]?.spec.experiments[0]?.spec.components?.env;
    },
    120_000,
  );

/** Submits a run of the template as `argo submit --from -p` does; its name. */
const submitWith = (parameter: string) =>
  runs.argo(
    'submit',
    '-n',
    CHAOS_NAMESPACE,
    '--from',
    `workflowtemplate/${NAME}`,
    '-p',
    parameter,
    '-o',
    'name',
  );

describe('a tunable given at submit', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), inject('binDir'));
    await deployTargets(config, TARGETS, ['web']);
    await runs.apply(template());
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
  });

  it('argo submit --from workflowtemplate -p changes it: the engine the run creates carries the value given', async () => {
    const name = await submitWith('chaosDuration=20');
    const { uid } = (await runs.workflow(name)).metadata;
    expect(await engineEnv(uid)).toContainEqual({ name: 'TOTAL_CHAOS_DURATION', value: '20' });
    const workflow = await runs.finished(name);
    expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
    expect((await runs.result(workflow, 'pod-delete')).status?.experimentStatus?.verdict).toBe('Pass');
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
