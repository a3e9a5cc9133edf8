import type { ChildProcess } from 'node:child_process';
import { CoordinationV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { spawnServe } from '../serve-process.js';
import { fakeDeployment, rolledOut } from './chaos-runs.js';
import { installTriggerExperiment } from './trigger-fixtures.js';
import { until } from './until.js';

// Two replicas of `chaosflow serve`, each its own process, against a real API server, kube-controller-manager
// and kwok: the leader is killed (SIGKILL, no goodbye) in the middle of a burst of releases, and every release
// must still start exactly one run. The runs are answered by the Litmus simulator: what is tested is who
// submits, not the chaos.
const config = new KubeConfig();
const run = Date.now().toString(36);
const apps = `ha-apps-${run}`;
const chaos = `ha-chaos-${run}`;
const WORKFLOW_ID = `ha-release-${run}`;
const TOKEN = 'e2e-token';
const LEASE = 'chaosflow-leader';
const TIMINGS = { leaseDurationS: 4, renewDeadlineS: 3, retryPeriodMs: 500 };
const RELEASES = 12;
const KILL_AFTER = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function release(name: string, image: string): KubeObject {
  const deployment = fakeDeployment(apps, name, 1) as KubeObject & {
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
  deployment.metadata.annotations = {
    'litmuschaos.io/gitops': 'true',
    'litmuschaos.io/workflow': WORKFLOW_ID,
    'litmuschaos.io/chaos': 'true',
  };
  for (const container of deployment.spec.template.spec.containers) container.image = image;
  return deployment;
}

interface Replica {
  readonly child: ChildProcess;
  readonly url: string;
  readonly identity: string;
}

async function replica(identity: string): Promise<Replica> {
  const { child, port } = await spawnServe(
    [
      ...['--namespace', chaos, '--watch-namespace', apps, '--template-namespace', chaos],
      ...['--port', '0', '--cooldown', '0s', '--no-rollout-gate', '--resync', '10s'],
      ...['--leader-elect', '--leader-lease', LEASE, '--leader-identity', identity],
      `--lease-duration=${TIMINGS.leaseDurationS}s`,
      `--renew-deadline=${TIMINGS.renewDeadlineS}s`,
      `--retry-period=${TIMINGS.retryPeriodMs}ms`,
    ],
    inject('kubeconfig'),
    TOKEN,
  );
  return { child, url: `http://127.0.0.1:${port}`, identity };
}

/** The value of one series (`name` or `name{label="value"}`) in a replica's /metrics. */
async function metric(replica: Replica, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const leads = async (replica: Replica) =>
  (await metric(replica, 'chaosflow_leader')) === 1 ? true : undefined;

async function workflows(): Promise<KubeObject[]> {
  const list = await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: chaos,
    plural: 'workflows',
  });
  return list.items as KubeObject[];
}

async function lease() {
  return config.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: LEASE, namespace: chaos });
}

const replicas: ChildProcess[] = [];
let removeExperiment: () => Promise<void> = async () => {};

beforeAll(async () => {
  config.loadFromFile(inject('kubeconfig'));
  removeExperiment = await installTriggerExperiment(config, { apps, chaos, workflowId: WORKFLOW_ID });
});

afterAll(async () => {
  for (const child of replicas) child.kill('SIGKILL');
  await removeExperiment();
});

describe('two replicas of chaosflow serve on one Lease', () => {
  it('loses and repeats no release when the leader is killed mid-burst; the follower takes over in seconds', async () => {
    const names = Array.from({ length: RELEASES }, (_, index) => `burst-${index}`);
    await serverSideApply(config, names.map((name) => release(name, 'shop/app:1')) as never);
    await Promise.all(names.map((name) => rolledOut(config, apps, name)));

    const a = await replica('replica-a');
    replicas.push(a.child);
    await until('replica-a to lead', () => leads(a));
    const b = await replica('replica-b');
    replicas.push(b.child);
    await until('replica-b to be ready', async () =>
      (await fetch(`${b.url}/readyz`)).ok ? true : undefined,
    );
    expect(await metric(b, 'chaosflow_leader')).toBe(0);
    expect((await lease()).spec?.holderIdentity).toBe('replica-a');
    // The leader has recorded where each workload stands, so only what follows is a change.
    await until('the leader to record every workload', async () => {
      const state = await config
        .makeApiClient(CoreV1Api)
        .readNamespacedConfigMap({ name: 'chaosflow-trigger-state', namespace: chaos });
      return Object.keys(state.data ?? {}).length === RELEASES ? true : undefined;
    });

    // A follower serves POST /v1/trigger too: a request needs none of the leader's state.
    const posted = await fetch(`${b.url}/v1/trigger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        workflowId: WORKFLOW_ID,
        target: { namespace: apps, kind: 'deployment', name: 'burst-0' },
        revision: 'release-1',
      }),
    });
    expect(posted.status).toBe(202);
    expect(((await posted.json()) as { created: boolean }).created).toBe(true);
    const requested = (await workflows()).map((workflow) => workflow.metadata.name);
    expect(requested).toHaveLength(1);

    let killedAt = 0;
    let firedByLeader = 0;
    for (const [index, name] of names.entries()) {
      await serverSideApply(config, [release(name, 'shop/app:2')] as never);
      if (index + 1 === KILL_AFTER) {
        await sleep(500);
        firedByLeader = (await workflows()).length - requested.length;
        a.child.kill('SIGKILL');
        killedAt = Date.now();
      } else {
        await sleep(150);
      }
    }
    await until('replica-b to lead', () => leads(b), 30_000);
    const takeoverMs = Date.now() - killedAt;
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });

    const released = (workflow: KubeObject) => !requested.includes(workflow.metadata.name);
    await until(`a run for each of the ${RELEASES} releases`, async () =>
      (await workflows()).filter(released).length >= RELEASES ? true : undefined,
    );
    await sleep(3000);
    const runs = (await workflows()).filter(released);
    const perWorkload = new Map<string, number>();
    for (const workflow of runs) {
      const uid = workflow.metadata.labels?.['chaosflow.io/workload-uid'] ?? '';
      perWorkload.set(uid, (perWorkload.get(uid) ?? 0) + 1);
    }
    expect(runs).toHaveLength(RELEASES);
    expect([...perWorkload.values()]).toEqual(Array(RELEASES).fill(1));
    // The burst was split: the killed leader started some, the new one the rest.
    expect(firedByLeader).toBeGreaterThan(0);
    expect(firedByLeader).toBeLessThan(RELEASES);
    // Every release after the kill, and none the killed leader had started (those were AlreadyExists).
    const firedByFollower = (await metric(b, 'chaosflow_triggers_fired_total{kind="change"}')) ?? 0;
    expect(firedByFollower).toBeGreaterThanOrEqual(RELEASES - KILL_AFTER);
    expect(firedByFollower).toBeLessThanOrEqual(RELEASES - firedByLeader);

    // Handing over on SIGTERM (a rolling update, a drain): the Lease is released, so a third replica takes
    // over at its next try rather than after a lease duration.
    const c = await replica('replica-c');
    replicas.push(c.child);
    await until('replica-c to be ready', async () =>
      (await fetch(`${c.url}/readyz`)).ok ? true : undefined,
    );
    const stoppedAt = Date.now();
    b.child.kill('SIGTERM');
    await until('replica-c to lead', () => leads(c), 30_000);
    const handoverMs = Date.now() - stoppedAt;
    await serverSideApply(config, [release('burst-0', 'shop/app:3')] as never);
    await until('the run of the release after the handover', async () =>
      (await workflows()).filter(released).length === RELEASES + 1 ? true : undefined,
    );
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'replica-c', leaseTransitions: 2 });
    console.log(
      `leader election: killed leader replaced in ${takeoverMs} ms (lease ${TIMINGS.leaseDurationS}s, retry ${TIMINGS.retryPeriodMs}ms), ` +
        `stopped leader replaced in ${handoverMs} ms; ${firedByLeader} runs by the killed leader, ${RELEASES - firedByLeader} by its successor, 0 lost, 0 repeated`,
    );
  });
});
