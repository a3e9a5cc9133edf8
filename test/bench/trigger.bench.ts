// Trigger service benchmark: prints figures, asserts nothing. Needs the test control plane (started if down)
// or KUBECONFIG. Run with `npm run bench:trigger`.
//  - change-to-Workflow latency: opted-in Deployments (0 replicas, so rollouts finish at once) get a new
//    image at 50 and at 200 updates per second; each update's apply time is matched to the moment this
//    process sees the Workflow through its own watch. p50 and p99. The rollout gate is off: with it, the
//    figure would be kube-controller-manager's rollout time for 5,000 Deployments on this machine, not ours.
//  - memory: `chaosflow serve` as its own process while it watches 5,000 Deployments (RSS from /proc, every
//    250 ms for its first 30 s: the figure 5 s in, the peak, and where it settles at 30 s).
import type { ChildProcess } from 'node:child_process';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  makeInformer,
} from '@kubernetes/client-node';
import { compileExperiment } from '../../src/compile/compile.js';
import { loadHub } from '../../src/hub/load.js';
import { experiment, faults, target } from '../../src/index.js';
import { serverSideApply } from '../env/apply.js';
import { up } from '../env/cluster.js';
import { spawnServe } from '../serve-process.js';
import { applyAll, percentile, rssMiB, sleep } from './measure.js';

const run = Date.now().toString(36);
const apps = `bench-apps-${run}`;
const chaos = `bench-chaos-${run}`;
const workflowId = `bench-${run}`;
const kubeconfigFile = process.env.KUBECONFIG || (await up(() => undefined)).kubeconfig;
const config = new KubeConfig();
config.loadFromFile(kubeconfigFile);

function deployment(name: string, image: string, optedIn: boolean) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: apps,
      annotations: optedIn
        ? {
            'litmuschaos.io/gitops': 'true',
            'litmuschaos.io/workflow': workflowId,
            'litmuschaos.io/chaos': 'true',
          }
        : {},
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

let servicePort = 0;

/** Mean seconds the service itself took from seeing a change to creating its Workflow (its histogram). */
async function serviceSubmitMean(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${servicePort}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return value('chaosflow_trigger_submit_seconds_sum') / value('chaosflow_trigger_submit_seconds_count');
}

async function spawnService(): Promise<ChildProcess> {
  const args = [
    '--namespace',
    chaos,
    '--watch-namespace',
    apps,
    '--template-namespace',
    chaos,
    '--port',
    '0',
  ];
  const serve = await spawnServe([...args, '--cooldown', '0s', '--no-rollout-gate'], kubeconfigFile, 'bench');
  servicePort = serve.port;
  return serve.child;
}

/** RSS every 250 ms from now until `durationMs` have passed (the last sample at or after it). */
async function sampleRss(pid: number, durationMs: number): Promise<{ ms: number; mib: number }[]> {
  const begin = Date.now();
  const samples: { ms: number; mib: number }[] = [];
  for (let elapsed = 0; ; elapsed = Date.now() - begin) {
    samples.push({ ms: elapsed, mib: rssMiB(pid) });
    if (elapsed >= durationMs) return samples;
    await sleep(250);
  }
}

async function main(): Promise<void> {
  await serverSideApply(config, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: apps } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: chaos } },
  ] as never);
  const template = compileExperiment(
    experiment({
      name: workflowId,
      id: workflowId,
      chaosNamespace: chaos,
      target: target.fromParameters({ kinds: ['deployment'] }),
      faults: [faults.podDelete()],
    }),
    { hub: loadHub() },
  ).objects;
  await serverSideApply(config, template as never);

  const RATES = [50, 200];
  const PER_RATE = 200;
  const optedIn = Array.from({ length: PER_RATE * RATES.length }, (_, i) => `hot-${i}`);
  const started = Date.now();
  await applyAll(
    config,
    optedIn.map((name) => deployment(name, 'shop/app:1', true)),
  );
  await applyAll(
    config,
    Array.from({ length: 5000 - optedIn.length }, (_, i) => deployment(`cold-${i}`, 'shop/app:1', false)),
  );
  console.log(
    `created 5,000 Deployments (${optedIn.length} opted in) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  // The workflows this process sees, by the deployment they are for.
  const seen = new Map<string, number>();
  const custom = config.makeApiClient(CustomObjectsApi);
  const informer = makeInformer<KubernetesObject>(
    config,
    `/apis/argoproj.io/v1alpha1/namespaces/${chaos}/workflows`,
    () =>
      custom.listNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: chaos,
        plural: 'workflows',
      }),
  );
  informer.on('add', (workflow) => {
    const targetName = workflow.metadata?.annotations?.['chaosflow.io/target']?.split('/')[2];
    if (targetName !== undefined && !seen.has(targetName)) seen.set(targetName, Date.now());
  });
  await informer.start();

  const service = await spawnService();
  const pid = service.pid as number;
  const samples = await sampleRss(pid, 30_000);
  const fiveSeconds = samples.find((sample) => sample.ms >= 5000)?.mib ?? Number.NaN;
  const peak = Math.max(...samples.map((sample) => sample.mib));
  const last = samples.at(-1)?.mib ?? Number.NaN;
  console.log(
    `chaosflow serve watching 5,000 Deployments: RSS ${fiveSeconds.toFixed(0)} MiB 5 s after it listens, peak ${peak.toFixed(0)} MiB in its first 30 s, ${last.toFixed(0)} MiB at 30 s`,
  );

  for (const [index, rate] of RATES.entries()) {
    const names = optedIn.slice(index * PER_RATE, (index + 1) * PER_RATE);
    const appliedAt = new Map<string, number>();
    const gap = 1000 / rate;
    const begin = Date.now();
    const inFlight: Promise<void>[] = [];
    for (const [i, name] of names.entries()) {
      const due = begin + i * gap;
      if (due > Date.now()) await sleep(due - Date.now());
      appliedAt.set(name, Date.now());
      inFlight.push(
        serverSideApply(config, [deployment(name, 'shop/app:2', true) as never]).then(() => undefined),
      );
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + 120_000;
    while (names.some((name) => !seen.has(name)) && Date.now() < deadline) await sleep(200);
    const latencies = names.flatMap((name) => {
      const at = seen.get(name);
      return at === undefined ? [] : [(at - (appliedAt.get(name) ?? at)) / 1000];
    });
    console.log(
      `${rate} updates/s: ${latencies.length}/${names.length} Workflows; change-to-Workflow p50 ${percentile(latencies, 50).toFixed(2)} s, p99 ${percentile(latencies, 99).toFixed(2)} s, max ${Math.max(...latencies).toFixed(2)} s`,
    );
  }
  console.log(
    `of which inside the service (change seen to Workflow created, mean of both bursts): ${(await serviceSubmitMean()).toFixed(2)} s`,
  );
  console.log(`chaosflow serve after the bursts: RSS ${rssMiB(pid).toFixed(0)} MiB`);
  service.kill('SIGTERM');
  await informer.stop();
  const core = config.makeApiClient(CoreV1Api);
  await core.deleteNamespace({ name: apps });
  await core.deleteNamespace({ name: chaos });
}

await main();
process.exit(0);
