import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, probe, sequence, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { hub } from '../helpers.js';
import {
  CHAOS_NAMESPACE,
  ChaosRuns,
  compiledRun,
  deployTargets,
  fakeDeployment,
  nodeOf,
  PodDeletions,
  rolledOut,
  scoreOf,
  serveChaos,
} from './chaos-runs.js';
import { chaosflowCli } from './cli-process.js';
import { until } from './until.js';

// Real chaos: Argo's controller and argoexec run the compiled workflow, Litmus's chaos-operator answers its
// engines, the chaos-runner stand-in launches litmus-go's real experiments, and those delete, scale and drain
// kwok's pods and nodes and write the verdicts. No simulator acts in the chaos namespace.
const config = new KubeConfig();
const NGINX = 'nginx';
const TARGETS = `real-chaos-${Date.now().toString(36)}`;
const CLI = fileURLToPath(new URL('../../bin/chaosflow.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/nginx-pod-delete.ts', import.meta.url));
let runs: ChaosRuns;

const web = target.deployment({ namespace: TARGETS, labels: { app: 'web' } });

describe.skipIf(inject('binDir') === '')('real chaos: Litmus chaos-operator and litmus-go', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), inject('binDir'));
    await deployTargets(config, NGINX, ['nginx']);
    await deployTargets(config, TARGETS, ['web']);
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
  });

  it("runs the seed's nginx-pod-delete, built by chaosflow and submitted by argo: pods really replaced, Pass, nothing left", async () => {
    const before = await rolledOut(config, NGINX, 'nginx');
    const deletions = new PodDeletions(config, NGINX, 'app=nginx');
    await deletions.start();
    const out = mkdtempSync(join(tmpdir(), 'chaosflow-e2e-build-'));
    execFileSync(process.execPath, [CLI, 'build', EXAMPLE, '--rbac', '--out', out], { encoding: 'utf8' });
    const built = parseAllDocuments(readFileSync(join(out, 'nginx-pod-delete.yaml'), 'utf8')).map(
      (document) => document.toJS() as KubeObject,
    );
    await serverSideApply(config, built as never);
    const name = await runs.argo(
      'submit',
      '-n',
      CHAOS_NAMESPACE,
      '--from',
      'workflowtemplate/nginx-pod-delete',
      '-o',
      'name',
    );

    const workflow = await runs.finished(name);
    deletions.stop();
    expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
    expect(scoreOf(workflow)).toBe('100');
    const after = await rolledOut(config, NGINX, 'nginx');
    const replaced = before.filter((uid) => !after.includes(uid));
    expect(replaced.length).toBeGreaterThan(0);
    expect(deletions.seen.map((deletion) => deletion.uid)).toEqual(expect.arrayContaining(replaced));

    const result = await runs.result(workflow, 'pod-delete');
    expect(result.status?.experimentStatus).toEqual({
      phase: 'Completed',
      verdict: 'Pass',
      probeSuccessPercentage: '100',
    });
    // litmus-go labels its result with its own pod's labels: the Job's, from the chaos-runner stand-in.
    expect(result.metadata.labels?.['job-name']).toMatch(/^pod-delete-[a-z0-9]{6}$/);
    expect(result.status?.history?.targets).toEqual([
      { name: 'nginx', kind: 'deployment', chaosStatus: 'targeted' },
    ]);

    const engine = result.spec.engine;
    expect(await runs.eventReasons(engine)).toEqual(
      expect.arrayContaining([
        'ChaosEngineInitialized',
        'ExperimentDependencyCheck',
        'ExperimentJobCreate',
        'PreChaosCheck',
        'ChaosInject',
        'PostChaosCheck',
        'Summary',
        'ExperimentJobCleanUp',
        'ChaosEngineCompleted',
      ]),
    );
    await runs.cleanedUp(workflow);
  }, 420_000);

  it('fails at the verdict gate when a probe really fails: Fail from litmus-go, score 50, cleanup ran', async () => {
    const name = await runs.submit(
      compiledRun({
        name: 'e2e-probe-fails',
        target: web,
        faults: [
          faults.podDelete({
            tunables: { totalChaosDuration: '10s', chaosInterval: '5s' },
            probes: [
              probe.k8s({
                name: 'web-exists',
                mode: 'SOT',
                group: 'apps',
                version: 'v1',
                resource: 'deployments',
                namespace: TARGETS,
                fieldSelector: 'metadata.name=web',
                operation: 'present',
                runProperties: { probeTimeout: '5s', interval: '1s', attempt: 1 },
              }),
              probe.k8s({
                name: 'missing-config-present',
                mode: 'EOT',
                version: 'v1',
                resource: 'configmaps',
                namespace: TARGETS,
                fieldSelector: 'metadata.name=never-created',
                operation: 'present',
                runProperties: { probeTimeout: '5s', interval: '1s', attempt: 1 },
              }),
            ],
          }),
        ],
      }),
    );
    const workflow = await runs.finished(name);
    expect(workflow.status?.phase).toBe('Failed');
    expect(nodeOf(workflow, 'verdict-pod-delete')?.phase).toBe('Failed');
    expect(nodeOf(workflow, `${name}.onExit`)?.phase).toBe('Succeeded');
    expect(scoreOf(workflow)).toBe('50');
    const result = await runs.result(workflow, 'pod-delete');
    expect(result.status?.experimentStatus).toMatchObject({
      phase: 'Completed_With_Probe_Failure',
      verdict: 'Fail',
      probeSuccessPercentage: '50',
    });
    expect(result.status?.probeStatuses?.map((status) => [status.name, status.status.verdict])).toEqual([
      ['web-exists', 'Passed'],
      ['missing-config-present', 'Failed'],
    ]);
    await runs.cleanedUp(workflow);
  }, 420_000);

  it('aborts chaos in flight on argo stop: the engine is deleted, litmus-go gets SIGTERM and says Stopped, no pod dies after', async () => {
    const deletions = new PodDeletions(config, TARGETS, 'app=web');
    await deletions.start();
    const name = await runs.submit(
      compiledRun({
        name: 'e2e-abort',
        target: web,
        faults: [
          faults.podDelete({ tunables: { totalChaosDuration: '5m', chaosInterval: '3s', force: true } }),
        ],
      }),
    );
    await until(
      'litmus-go to delete a first pod',
      async () => (deletions.seen.length > 0 ? true : undefined),
      180_000,
    );
    await runs.argo('stop', '-n', CHAOS_NAMESPACE, name);

    const workflow = await runs.finished(name);
    const cleaned = await runs.cleanedUp(workflow);
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    deletions.stop();
    expect(workflow.status?.phase).toBe('Failed');
    expect(nodeOf(workflow, `${name}.onExit`)?.phase).toBe('Succeeded');
    const result = await runs.result(workflow, 'pod-delete');
    expect(result.status?.experimentStatus).toMatchObject({ phase: 'Stopped', verdict: 'Stopped' });
    expect(deletions.after(cleaned)).toEqual([]);
    expect(await runs.eventReasons(result.spec.engine)).toContain('ChaosEngineStopped');
    await rolledOut(config, TARGETS, 'web');
  }, 420_000);

  it('runs a sequence of pod-autoscaler then pod-delete: replicas scaled and restored, pods deleted, both Pass', async () => {
    const apps = config.makeApiClient(AppsV1Api);
    const replicasSeen = new Set<number>();
    const sampling = setInterval(() => {
      apps
        .readNamespacedDeployment({ name: 'web', namespace: TARGETS })
        .then((deployment) => replicasSeen.add(deployment.spec?.replicas ?? -1))
        .catch(() => undefined);
    }, 500);
    const deletions = new PodDeletions(config, TARGETS, 'app=web');
    await deletions.start();
    const name = await runs.submit(
      compiledRun({
        name: 'e2e-sequence',
        target: web,
        faults: sequence(
          faults.podAutoscaler({ tunables: { totalChaosDuration: '15s', replicaCount: 4 } }),
          faults.podDelete({ tunables: { totalChaosDuration: '10s', chaosInterval: '5s' } }),
        ),
      }),
    );
    const workflow = await runs.finished(name);
    clearInterval(sampling);
    deletions.stop();
    expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
    expect(scoreOf(workflow)).toBe('100');
    for (const fault of ['pod-autoscaler', 'pod-delete'])
      expect((await runs.result(workflow, fault)).status?.experimentStatus?.verdict, fault).toBe('Pass');
    expect([...replicasSeen].sort()).toEqual([2, 4]);
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: TARGETS })).spec?.replicas).toBe(2);
    expect(deletions.seen.length).toBeGreaterThan(0);
    await runs.cleanedUp(workflow);
  }, 420_000);

  it("drains a node with litmus-go's node-drain (kubectl): its pods move to the other kwok node, then it is uncordoned", async () => {
    const core = config.makeApiClient(CoreV1Api);
    const nodeOfPods = async () =>
      (await core.listNamespacedPod({ namespace: TARGETS, labelSelector: 'app=web' })).items
        .filter((pod) => pod.metadata?.deletionTimestamp === undefined)
        .map((pod) => pod.spec?.nodeName ?? '');
    await rolledOut(config, TARGETS, 'web');
    const [drained] = await nodeOfPods();
    if (drained === undefined || drained === '') throw new Error('no web pod on a node');
    const cordoned = new Set<boolean>();
    /** Where the web pods were while the node was cordoned, one entry per look. */
    const placedWhileCordoned: string[][] = [];
    const sampling = setInterval(() => {
      core
        .readNode({ name: drained })
        .then(async (node: V1Node) => {
          const unschedulable = node.spec?.unschedulable === true;
          cordoned.add(unschedulable);
          if (unschedulable) placedWhileCordoned.push(await nodeOfPods());
        })
        .catch(() => undefined);
    }, 500);
    const name = await runs.submit(
      compiledRun({
        name: 'e2e-node-drain',
        target: web,
        faults: [faults.nodeDrain({ tunables: { targetNode: drained, totalChaosDuration: '20s' } })],
      }),
    );
    const workflow = await runs.finished(name);
    clearInterval(sampling);
    expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
    const result = await runs.result(workflow, 'node-drain');
    expect(result.status?.experimentStatus?.verdict).toBe('Pass');
    expect(cordoned).toEqual(new Set([true, false]));
    const evacuated = placedWhileCordoned.find(
      (nodes) => nodes.length > 0 && nodes.every((node) => node !== '' && node !== drained),
    );
    expect(evacuated, JSON.stringify(placedWhileCordoned)).toBeDefined();
    expect((await core.readNode({ name: drained })).spec?.unschedulable).toBeFalsy();
    await rolledOut(config, TARGETS, 'web');
    expect(await runs.eventReasons(result.spec.engine)).toContain('ChaosInject');
    await runs.cleanedUp(workflow);
  }, 420_000);

  it('fires once for an image change of an opted-in Deployment: the trigger service submits one Workflow, a real pod-delete, Pass', async () => {
    const id = 'e2e-on-release';
    const template = compileExperiment(
      experiment({
        name: id,
        id,
        target: target.fromParameters({ kinds: ['deployment'] }),
        faults: [faults.podDelete({ tunables: { totalChaosDuration: '10s', chaosInterval: '5s' } })],
      }),
      { hub: hub(), rbac: true },
    ).objects;
    await runs.apply(template);
    const optedIn = {
      'litmuschaos.io/gitops': 'true',
      'litmuschaos.io/workflow': id,
      'litmuschaos.io/chaos': 'true',
    };
    const release = (image: string): KubeObject => {
      const deployment = fakeDeployment(TARGETS, 'shop');
      const spec = deployment.spec as { template: { spec: { containers: { image: string }[] } } };
      spec.template.spec.containers = [{ ...spec.template.spec.containers[0], image } as { image: string }];
      return { ...deployment, metadata: { ...deployment.metadata, annotations: optedIn } };
    };
    await serverSideApply(config, [release('shop:1')] as never);
    await rolledOut(config, TARGETS, 'shop');
    const uid = (
      await config.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'shop', namespace: TARGETS })
    ).metadata?.uid;
    const workflowsOfShop = async () =>
      (
        (await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
          group: 'argoproj.io',
          version: 'v1alpha1',
          namespace: CHAOS_NAMESPACE,
          plural: 'workflows',
          labelSelector: `chaosflow.io/workload-uid=${uid}`,
        })) as { items: { metadata: { name: string } }[] }
      ).items;
    const service = await serveChaos(config, TARGETS);
    const deletions = new PodDeletions(config, TARGETS, 'app=shop');
    await deletions.start();
    try {
      await serverSideApply(config, [release('shop:2')] as never);
      const [created] = await until('the triggered Workflow', async () => {
        const found = await workflowsOfShop();
        return found.length > 0 ? found : undefined;
      });
      // A person follows the run the trigger started, and then writes its report.
      const run = `${CHAOS_NAMESPACE}/${created?.metadata.name}`;
      const followed = await chaosflowCli(['run', '--follow', run], inject('kubeconfig'));
      expect(followed.code, followed.stderr).toBe(0);
      expect(followed.stdout).toContain('] pod-delete: verdict Pass, probe success 100%, weight 10\n');
      expect(followed.stdout).toMatch(
        /\ne2e-on-release passed: every verdict is Pass \(resiliency score 100\)\n$/,
      );
      const workflow = await runs.finished(created?.metadata.name ?? '');
      expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
      const reported = await chaosflowCli(['report', run, '--report', 'json=-'], inject('kubeconfig'));
      expect(reported.code, reported.stderr).toBe(0);
      expect(JSON.parse(reported.stdout)).toMatchObject({
        schema: 'chaosflow.io/run-report/v1',
        outcome: 'passed',
        run: { experiment: 'e2e-on-release', template: 'e2e-on-release', phase: 'Succeeded', score: 100 },
        faults: [{ step: 'pod-delete', verdict: 'Pass', probeSuccessPercentage: 100, stage: 'finished' }],
      });
      expect((await runs.result(workflow, 'pod-delete')).status?.experimentStatus?.verdict).toBe('Pass');
      expect(deletions.seen.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      expect(await workflowsOfShop()).toHaveLength(1);
      await runs.cleanedUp(workflow);
    } finally {
      deletions.stop();
      await service.stop();
    }
  }, 420_000);
});
