import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { destination, pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { KubeObject } from '../../src/k8s/objects.js';
import { type RunningService, startTriggerService } from '../../src/serve/service.js';
import type { ServiceOptions } from '../../src/serve/service-options.js';
import { serverSideApply } from '../env/apply.js';
import { restartApiServer } from '../env/cluster.js';
import { GitRepo } from '../gitops/git-repo.js';
import { hub } from '../helpers.js';
import { spawnServe } from '../serve-process.js';
import { installTriggerExperiment } from './trigger-fixtures.js';
import { until } from './until.js';

// The trigger service against a real API server, kube-controller-manager (rollouts) and kwok's node: every
// change goes through real list+watch, real rollouts and real Workflow creation.
const config = new KubeConfig();
const run = Date.now().toString(36);
const apps = { name: `trigger-apps-${run}` };
// These tests are about what the service submits, not about the chaos: the runs they start are answered by the
// Litmus simulator, so they end in seconds (real chaos started by the trigger: real-chaos.e2e.test.ts).
const chaos = { name: `trigger-chaos-${run}` };
const WORKFLOW_ID = `on-release-${run}`;
const TOKEN = 'e2e-token';
const OPTED_IN = {
  'litmuschaos.io/gitops': 'true',
  'litmuschaos.io/workflow': WORKFLOW_ID,
  'litmuschaos.io/chaos': 'true',
};

type Kind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

interface WorkloadOptions {
  readonly kind?: Kind;
  readonly image?: string;
  readonly annotations?: Record<string, string>;
  readonly minReadySeconds?: number;
}

function workload(name: string, options: WorkloadOptions = {}) {
  const kind = options.kind ?? 'Deployment';
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: apps.name, annotations: options.annotations ?? OPTED_IN },
    spec: {
      ...(kind === 'DaemonSet' ? {} : { replicas: 2 }),
      ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      ...(options.minReadySeconds === undefined ? {} : { minReadySeconds: options.minReadySeconds }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'app', image: options.image ?? 'shop/app:1' }],
        },
      },
    },
  };
}

async function apply(...objects: object[]): Promise<KubeObject[]> {
  return (await serverSideApply(config, objects as never)) as unknown as KubeObject[];
}

/** Workflows the trigger created for a workload, by its UID. */
async function workflowsFor(uid: string): Promise<KubeObject[]> {
  const list = await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: chaos.name,
    plural: 'workflows',
    labelSelector: `chaosflow.io/workload-uid=${uid}`,
  });
  return list.items as KubeObject[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rolledOut(kind: Kind, name: string): Promise<string> {
  const api = config.makeApiClient(AppsV1Api);
  return until(`${kind} ${name} to roll out`, async () => {
    const params = { name, namespace: apps.name };
    const object =
      kind === 'Deployment'
        ? await api.readNamespacedDeployment(params)
        : kind === 'StatefulSet'
          ? await api.readNamespacedStatefulSet(params)
          : await api.readNamespacedDaemonSet(params);
    const status = object.status as Record<string, unknown> | undefined;
    const observed = (status?.observedGeneration as number | undefined) === object.metadata?.generation;
    const done =
      kind === 'DaemonSet'
        ? (status?.numberAvailable as number) >= 1 &&
          status?.updatedNumberScheduled === status?.desiredNumberScheduled
        : status?.updatedReplicas === 2 && status?.availableReplicas === 2 && status?.replicas === 2;
    return observed && done ? (object.metadata?.uid as string) : undefined;
  });
}

const options: ServiceOptions = {
  namespace: chaos.name,
  watchNamespaces: [apps.name],
  templateNamespaces: [chaos.name],
  killSwitch: 'chaosflow-trigger',
  port: 0,
  host: '127.0.0.1',
  auth: { token: TOKEN },
  rolloutTimeoutMs: 120_000,
  cooldownMs: 0,
  tickMs: 250,
  resyncMs: 10_000,
};

let service: RunningService | undefined;
const start = async (overrides: Partial<ServiceOptions> = {}) => {
  service = await startTriggerService(
    config,
    { ...options, ...overrides },
    pino({ level: process.env.TRIGGER_LOG ?? 'silent' }, destination(2)),
  );
  return service;
};
const stop = async () => {
  await service?.stop();
  service = undefined;
};

let removeExperiment: () => Promise<void> = async () => {};
beforeAll(async () => {
  config.loadFromFile(inject('kubeconfig'));
  removeExperiment = await installTriggerExperiment(config, {
    apps: apps.name,
    chaos: chaos.name,
    workflowId: WORKFLOW_ID,
  });
});
afterAll(async () => {
  await stop();
  await removeExperiment();
});

describe('the trigger service, against a real API server', () => {
  it('starts exactly one Workflow for an image change of an opted-in Deployment, none for others', async () => {
    await apply(workload('cart'), workload('other', { annotations: {} }));
    const [cartUid, otherUid] = [
      await rolledOut('Deployment', 'cart'),
      await rolledOut('Deployment', 'other'),
    ];
    await start();
    await apply(workload('cart', { image: 'shop/app:2' }), workload('other', { image: 'shop/app:2' }));
    const [created] = await until('the Workflow', async () => {
      const found = await workflowsFor(cartUid);
      return found.length > 0 ? found : undefined;
    });
    await rolledOut('Deployment', 'cart');
    await sleep(3000);
    expect(await workflowsFor(cartUid)).toHaveLength(1);
    expect(await workflowsFor(otherUid)).toHaveLength(0);
    expect(created?.spec).toMatchObject({
      workflowTemplateRef: { name: WORKFLOW_ID },
      arguments: {
        parameters: [
          { name: 'appNamespace', value: apps.name },
          { name: 'appKind', value: 'deployment' },
          { name: 'appLabel', value: 'app=cart' },
        ],
      },
    });
    expect(created?.metadata.annotations?.['chaosflow.io/change']).toBe('image');
    await stop();
  });

  it.each([['StatefulSet' as const], ['DaemonSet' as const]])('does the same for a %s', async (kind) => {
    const name = kind.toLowerCase();
    await apply(workload(name, { kind }));
    const uid = await rolledOut(kind, name);
    await start();
    await apply(workload(name, { kind, image: 'shop/app:2' }));
    await until(`a Workflow for the ${kind}`, async () =>
      (await workflowsFor(uid)).length > 0 ? true : undefined,
    );
    await rolledOut(kind, name);
    await sleep(2000);
    const workflows = await workflowsFor(uid);
    expect(workflows).toHaveLength(1);
    expect(workflows[0]?.spec).toMatchObject({
      arguments: { parameters: expect.arrayContaining([{ name: 'appKind', value: name }]) },
    });
    await stop();
  });

  it('makes one Workflow of 100 rapid updates to one revision', async () => {
    await apply(workload('burst'));
    const uid = await rolledOut('Deployment', 'burst');
    await start();
    await apply(workload('burst', { image: 'shop/app:2' }));
    for (let i = 0; i < 100; i += 1) {
      await apply(
        workload('burst', { image: 'shop/app:2', annotations: { ...OPTED_IN, touched: String(i) } }),
      );
    }
    await rolledOut('Deployment', 'burst');
    await until('the Workflow', async () => ((await workflowsFor(uid)).length > 0 ? true : undefined));
    await sleep(2000);
    expect(await workflowsFor(uid)).toHaveLength(1);
    await stop();
  });

  it('holds chaos until the new revision is available', async () => {
    await apply(workload('slow', { minReadySeconds: 12 }));
    const uid = await rolledOut('Deployment', 'slow');
    await start();
    await apply(workload('slow', { minReadySeconds: 12, image: 'shop/app:2' }));
    await sleep(6000);
    expect(await workflowsFor(uid)).toHaveLength(0);
    await rolledOut('Deployment', 'slow');
    await until(
      'the Workflow after the rollout',
      async () => ((await workflowsFor(uid)).length > 0 ? true : undefined),
      20_000,
    );
    await stop();
  });

  it('neither loses nor repeats a change made while the service was down', async () => {
    await apply(workload('restart'));
    const uid = await rolledOut('Deployment', 'restart');
    await start();
    await stop();
    await apply(workload('restart', { image: 'shop/app:2' }));
    await rolledOut('Deployment', 'restart');
    await start();
    await until('the Workflow after the restart', async () =>
      (await workflowsFor(uid)).length > 0 ? true : undefined,
    );
    await stop();
    await start();
    await sleep(3000);
    expect(await workflowsFor(uid)).toHaveLength(1);
    await stop();
  });

  it('sees a workload past the first page of a list (the service lists 500 a page)', async () => {
    const crowd = Array.from({ length: 520 }, (_, index) => {
      const one = workload(`page-${String(index).padStart(3, '0')}`, { annotations: {} });
      return { ...one, spec: { ...one.spec, replicas: 0 } };
    });
    for (let first = 0; first < crowd.length; first += 20) await apply(...crowd.slice(first, first + 20));
    await apply(workload('zz-last-page'));
    const uid = await rolledOut('Deployment', 'zz-last-page');
    await start();
    await apply(workload('zz-last-page', { image: 'shop/app:2' }));
    await until('the Workflow for the workload on the second page', async () =>
      (await workflowsFor(uid)).length > 0 ? true : undefined,
    );
    await stop();
    expect(await workflowsFor(uid)).toHaveLength(1);
  });

  it('starts a run on POST /v1/trigger for an opted-in workload, and refuses one that did not opt in', async () => {
    await apply(workload('posted'), workload('private', { annotations: {} }));
    await rolledOut('Deployment', 'posted');
    const { port } = await start();
    const post = (name: string) =>
      fetch(`http://127.0.0.1:${port}/v1/trigger`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          workflowId: WORKFLOW_ID,
          target: { namespace: apps.name, kind: 'deployment', name },
          revision: 'release-42',
        }),
      });
    const accepted = await post('posted');
    expect(accepted.status).toBe(202);
    const body = (await accepted.json()) as { workflowName: string; created: boolean };
    expect(body.created).toBe(true);
    expect((await post('posted')).status).toBe(202);
    const refused = await post('private');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: `deployment ${apps.name}/private is not opted in as a chaos target; annotate it litmuschaos.io/chaos: "true"`,
    });
    await stop();
  });

  it('pauses every trigger while the kill switch ConfigMap says paused, without a restart', async () => {
    await apply(workload('switched'));
    const uid = await rolledOut('Deployment', 'switched');
    const { metrics } = await start();
    const killSwitch = (paused: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'chaosflow-trigger', namespace: chaos.name },
      data: { paused },
    });
    await apply(killSwitch('true'));
    await until('the pause', async () =>
      (await metrics.render()).body.includes('chaosflow_trigger_paused 1') ? true : undefined,
    );
    await apply(workload('switched', { image: 'shop/app:2' }));
    await rolledOut('Deployment', 'switched');
    await sleep(2000);
    expect(await workflowsFor(uid)).toHaveLength(0);
    await apply(killSwitch('false'));
    await until('the resume', async () =>
      (await metrics.render()).body.includes('chaosflow_trigger_paused 0') ? true : undefined,
    );
    await apply(workload('switched', { image: 'shop/app:3' }));
    await until('a Workflow once resumed', async () =>
      (await workflowsFor(uid)).length > 0 ? true : undefined,
    );
    expect((await workflowsFor(uid))[0]?.metadata.annotations?.['chaosflow.io/revision']).toBe('3');
    await stop();
  });

  it('queues the runs of 10 revisions in a row behind one Argo mutex per workload', async () => {
    await apply(workload('busy'));
    const uid = await rolledOut('Deployment', 'busy');
    await start();
    for (let release = 2; release <= 11; release += 1) {
      await apply(workload('busy', { image: `shop/app:${release}` }));
      await rolledOut('Deployment', 'busy');
    }
    const workflows = await until('runs for the releases', async () => {
      const found = await workflowsFor(uid);
      return found.length >= 5 ? found : undefined;
    });
    const mutexes = new Set(
      workflows.map((w) => JSON.stringify((w.spec as { synchronization?: unknown }).synchronization)),
    );
    expect(mutexes.size).toBe(1);
    const phases: string[][] = [];
    for (let sample = 0; sample < 10; sample += 1) {
      phases.push(
        (await workflowsFor(uid)).map((w) => (w as { status?: { phase?: string } }).status?.phase ?? ''),
      );
      await sleep(1000);
    }
    const running = phases.map((sample) => sample.filter((phase) => phase === 'Running').length);
    expect(Math.max(...running), JSON.stringify(phases)).toBe(1);
    expect(phases.some((sample) => sample.includes('Running') && sample.includes('Pending'))).toBe(true);
    await config.makeApiClient(CustomObjectsApi).deleteCollectionNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: chaos.name,
      plural: 'workflows',
      labelSelector: `chaosflow.io/workload-uid=${uid}`,
    });
    await stop();
  });

  it('honours an EventTrackerPolicy, comparing numbers as numbers', async () => {
    const scaled = (replicas: number) => ({
      ...workload('scaled'),
      spec: { ...workload('scaled').spec, replicas },
    });
    await apply(scaled(2));
    const uid = await rolledOut('Deployment', 'scaled');
    await apply({
      apiVersion: 'eventtracker.litmuschaos.io/v1',
      kind: 'EventTrackerPolicy',
      metadata: { name: 'big-releases', namespace: chaos.name },
      spec: {
        condition_type: 'and',
        conditions: [{ key: 'spec.replicas', value: '9', operator: 'GreaterThan' }],
      },
    });
    await start({ policyNamespace: chaos.name });
    await apply(scaled(5));
    await sleep(4000);
    expect(await workflowsFor(uid)).toHaveLength(0);
    await apply(scaled(10));
    const [workflow] = await until('a Workflow for 10 replicas', async () => {
      const found = await workflowsFor(uid);
      return found.length > 0 ? found : undefined;
    });
    expect(workflow?.metadata.annotations?.['chaosflow.io/change']).toBe('replicas');
    await stop();
  });

  it('loses no trigger and duplicates none when the service is killed mid-burst and restarted', async () => {
    const names = ['burst-a', 'burst-b', 'burst-c', 'burst-d', 'burst-e', 'burst-f'];
    await apply(...names.map((name) => workload(name)));
    const uids = await Promise.all(names.map((name) => rolledOut('Deployment', name)));
    let child = await spawnService();
    await apply(...names.slice(0, 3).map((name) => workload(name, { image: 'shop/app:2' })));
    await sleep(300);
    child.kill('SIGKILL');
    await apply(...names.slice(3).map((name) => workload(name, { image: 'shop/app:2' })));
    await Promise.all(names.map((name) => rolledOut('Deployment', name)));
    child = await spawnService();
    for (const uid of uids) {
      await until(`a Workflow for ${uid}`, async () =>
        (await workflowsFor(uid)).length > 0 ? true : undefined,
      );
    }
    await sleep(3000);
    const counts = await Promise.all(uids.map(async (uid) => (await workflowsFor(uid)).length));
    expect(counts).toEqual([1, 1, 1, 1, 1, 1]);
    child.kill('SIGTERM');
  });
});

describe('GitOps and triggers together', () => {
  it('syncs a change pushed to git, and the next release runs the new version of the experiment', async () => {
    const gitopsId = `gitops-${run}`;
    const repo = new GitRepo();
    const cacheDir = mkdtempSync(join(tmpdir(), 'chaosflow-e2e-git-'));
    const experimentFile = (duration: string) =>
      [
        "import { experiment, faults, target } from 'chaosflow';",
        'export default experiment({',
        `  name: '${gitopsId}',`,
        `  id: '${gitopsId}',`,
        `  chaosNamespace: '${chaos.name}',`,
        "  target: target.fromParameters({ kinds: ['deployment'] }),",
        `  faults: [faults.podDelete({ tunables: { totalChaosDuration: '${duration}' } })],`,
        '});',
        '',
      ].join('\n');
    repo.commit({ 'experiments/on-release.ts': experimentFile('30s') });
    const custom = config.makeApiClient(CustomObjectsApi);
    const template = () =>
      custom.getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: chaos.name,
        plural: 'workflowtemplates',
        name: gitopsId,
      }) as Promise<KubeObject>;
    const { port } = await start({
      sync: {
        source: { repo: repo.dir, branch: 'main' },
        hub: hub(),
        cacheDir,
        prune: true,
        intervalMs: 600_000,
      },
    });
    await until('the first sync', () => template());
    const annotations = { ...OPTED_IN, 'litmuschaos.io/workflow': gitopsId };
    await apply(workload('released', { annotations }));
    const uid = await rolledOut('Deployment', 'released');

    const pushed = repo.commit({ 'experiments/on-release.ts': experimentFile('45s') });
    const hook = (authorization?: string) =>
      fetch(`http://127.0.0.1:${port}/v1/sync`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: '{}',
      });
    expect((await hook()).status).toBe(401);
    const accepted = await hook(`Bearer ${TOKEN}`);
    expect(accepted.status).toBe(202);
    const synced = await until('the pushed commit in the cluster', async () => {
      const current = await template();
      return current.metadata.annotations?.['chaosflow.io/source-commit'] === pushed ? current : undefined;
    });
    expect(JSON.stringify(synced)).toContain('value: \\"45\\"');

    await apply(workload('released', { annotations, image: 'shop/app:2' }));
    const [workflow] = await until('the release to trigger it', async () => {
      const found = await workflowsFor(uid);
      return found.length > 0 ? found : undefined;
    });
    expect(workflow?.spec).toMatchObject({ workflowTemplateRef: { name: gitopsId } });
    await stop();
    repo.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });
});

describe.skipIf(inject('binDir') === '')('the trigger service across an API server restart', () => {
  it('recovers its watches and neither loses nor repeats a trigger', async () => {
    await apply(workload('survivor'));
    const uid = await rolledOut('Deployment', 'survivor');
    const { metrics } = await start();
    await apply(workload('survivor', { image: 'shop/app:2' }));
    await until('the first Workflow', async () => ((await workflowsFor(uid)).length > 0 ? true : undefined));
    await restartApiServer();
    // A restarted API server answers 429 for a moment while it initializes.
    await until('the API server to take writes', () =>
      apply(workload('survivor', { image: 'shop/app:3' })).then(() => true),
    );
    await until(
      'the Workflow after the restart',
      async () => ((await workflowsFor(uid)).length > 1 ? true : undefined),
      90_000,
    );
    await sleep(3000);
    const revisions = (await workflowsFor(uid))
      .map((w) => w.metadata.annotations?.['chaosflow.io/revision'])
      .sort();
    expect(revisions).toEqual(['2', '3']);
    expect((await metrics.render()).body).toMatch(
      /chaosflow_watch_restarts_total\{resource="[^"]*deployments"\} [1-9]/,
    );
    await stop();
  });
});

/** `chaosflow serve` as its own process, as it runs in a cluster; resolves once it listens. */
async function spawnService(): Promise<ChildProcess> {
  const args = [
    '--namespace',
    chaos.name,
    '--watch-namespace',
    apps.name,
    '--template-namespace',
    chaos.name,
  ];
  const { child } = await spawnServe(
    [...args, '--port', '0', '--cooldown', '0s'],
    inject('kubeconfig'),
    TOKEN,
  );
  return child;
}
