// Guardian benchmark: prints figures, asserts nothing. Needs the test control plane (started if down) or
// KUBECONFIG, and the control plane's Prometheus. Run with `npm run bench:guardian`.
//  - `chaosflow serve` as its own process watches RUNS running chaosflow runs, each with three abort conditions:
//    a PromQL query against a real Prometheus every 5 s, an HTTP check of a local server every 5 s, and a
//    Deployment's field every 10 s (a read from the API server). The runs are Workflow objects that Argo's
//    controller leaves alone (they carry another controller instance id): the guardian sees runs exactly as it
//    would see Argo's, while no pods run.
//  - figures over a 60 s window, after every run is watched and 10 s of warm-up: evaluations per second by kind,
//    how late an evaluation is (from when it was due to its reading; p50 and p99 from the service's histogram),
//    the guardian's requests to the API server per second, and the service's RSS.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { MANAGED_BY } from '../../src/compile/labels.js';
import type { Guard } from '../../src/model/guard.js';
import { encodeGuards, GUARD_ANNOTATIONS } from '../../src/model/guarded-run.js';
import { serverSideApply } from '../env/apply.js';
import { up } from '../env/cluster.js';
import { startPrometheus } from '../env/prometheus.js';
import { oneNamespace, spawnServe } from '../serve-process.js';
import { applyAll, percentile, rssMiB, sleep } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WINDOW_MS = 60_000;
const namespace = `bench-guard-${Date.now().toString(36)}`;
const kubeconfigFile = process.env.KUBECONFIG || (await up(() => undefined)).kubeconfig;
const config = new KubeConfig();
config.loadFromFile(kubeconfigFile);

/** A local HTTP server answering `body` with 200; resolves with its base URL. */
async function serveText(body: () => string): Promise<{ url: string; close: () => void }> {
  const server = createServer((_request, response) => response.end(body()));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function guards(prometheus: string, health: string): Guard[] {
  const timing = (every: `${number}s`) => ({ for: '0s', every }) as const;
  return [
    {
      type: 'prometheus',
      name: 'errors',
      endpoint: prometheus,
      query: 'max(bench_error_ratio)',
      above: 0.5,
      whenUnavailable: 'abort',
      ...timing('5s'),
    },
    { type: 'http', name: 'health', url: health, timeout: '5s', ...timing('5s') },
    {
      type: 'kubernetes',
      name: 'capacity',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'target' },
      field: 'status.availableReplicas',
      above: 100,
      whenUnavailable: 'abort',
      ...timing('10s'),
    },
  ];
}

/** A running chaosflow run as the guardian sees one, which Argo's controller of this cluster does not own. */
function run(index: number, conditions: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: `guarded-${index}`,
      namespace,
      labels: {
        ...MANAGED_BY,
        workflow_id: 'bench',
        'workflows.argoproj.io/controller-instanceid': 'not-this-one',
      },
      annotations: { [GUARD_ANNOTATIONS.conditions]: conditions },
    },
    spec: { entrypoint: 'main', templates: [{ name: 'main', suspend: {} }] },
  };
}

/** The service's metrics as name{labels} → value. */
async function scrape(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match !== null) samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

const delta = (before: Map<string, number>, after: Map<string, number>, key: string) =>
  (after.get(key) ?? 0) - (before.get(key) ?? 0);

/** The change of a metric summed over all its label sets. */
const deltaOfAll = (before: Map<string, number>, after: Map<string, number>, name: string) =>
  [...after.keys()]
    .filter((key) => key === name || key.startsWith(`${name}{`))
    .reduce((sum, key) => sum + delta(before, after, key), 0);

/** The upper bound of the histogram bucket holding the `p`th percentile of what was observed in between. */
function bucketPercentile(before: Map<string, number>, after: Map<string, number>, p: number): string {
  const buckets = [...after.keys()]
    .filter((key) => key.startsWith('chaosflow_guardian_evaluation_seconds_bucket{le="'))
    .map((key) => ({ le: /le="([^"]+)"/.exec(key)?.[1] ?? '', key }));
  const bounds = [...new Set(buckets.map((bucket) => bucket.le))];
  const cumulative = (le: string) =>
    buckets
      .filter((bucket) => bucket.le === le)
      .reduce((sum, bucket) => sum + delta(before, after, bucket.key), 0);
  const total = cumulative('+Inf');
  const bound = bounds.find((le) => cumulative(le) >= (p / 100) * total);
  return bound === '+Inf' ? '> 10 s' : `≤ ${Number(bound) * 1000} ms`;
}

async function main(): Promise<void> {
  await serverSideApply(config, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  ] as never);
  await serverSideApply(config, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'target', namespace },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'target' } },
        template: {
          metadata: { labels: { app: 'target' } },
          spec: { containers: [{ name: 'app', image: 'target:1' }] },
        },
      },
    },
  ] as never);
  const exporter = await serveText(() => '# TYPE bench_error_ratio gauge\nbench_error_ratio 0.01\n');
  const health = await serveText(() => 'ok');
  const prometheus = await startPrometheus({ targets: [{ job: 'bench', url: `${exporter.url}/metrics` }] });
  const serve = await spawnServe([...oneNamespace(namespace), '--port', '0'], kubeconfigFile, 'bench');
  const pid = serve.child.pid ?? 0;
  try {
    const conditions = encodeGuards(guards(prometheus.url, `${health.url}/healthz`));
    const started = Date.now();
    await applyAll(
      config,
      Array.from({ length: RUNS }, (_, index) => run(index, conditions)),
    );
    for (;;) {
      if ((await scrape(serve.port)).get('chaosflow_guardian_watched_runs') === RUNS) break;
      await sleep(250);
    }
    console.log(
      `${RUNS} guarded runs created and all watched (answered) after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await sleep(10_000);
    const before = await scrape(serve.port);
    const rss: number[] = [];
    for (const end = Date.now() + WINDOW_MS; Date.now() < end; await sleep(1000)) rss.push(rssMiB(pid));
    const after = await scrape(serve.port);
    const evaluations = (type: string) =>
      ['clear', 'breached', 'unavailable'].reduce(
        (sum, result) =>
          sum +
          delta(before, after, `chaosflow_guardian_evaluations_total{type="${type}",result="${result}"}`),
        0,
      );
    for (const type of ['prometheus', 'http', 'kubernetes'])
      console.log(`evaluations/s ${type.padEnd(10)} ${(evaluations(type) / (WINDOW_MS / 1000)).toFixed(1)}`);
    const breached = delta(
      before,
      after,
      'chaosflow_guardian_aborts_total{workflow_id="bench",condition="errors"}',
    );
    console.log(`runs stopped in the window (expected none): ${breached}`);
    console.log(
      `evaluation lateness (due → read): p50 ${bucketPercentile(before, after, 50)}, p99 ${bucketPercentile(before, after, 99)}; mean ${(
        (deltaOfAll(before, after, 'chaosflow_guardian_evaluation_seconds_sum') /
          deltaOfAll(before, after, 'chaosflow_guardian_evaluation_seconds_count')) *
          1000
      ).toFixed(1)} ms`,
    );
    console.log(
      `the guardian's API requests/s: ${(evaluations('kubernetes') / (WINDOW_MS / 1000)).toFixed(1)} reads of guarded objects (plus one watch of runs; the ${RUNS} answers were written before the window)`,
    );
    console.log(
      `RSS of chaosflow serve: min ${Math.min(...rss).toFixed(0)} MiB, p50 ${percentile(rss, 50).toFixed(0)}, max ${Math.max(...rss).toFixed(0)}`,
    );
    const all = deltaOfAll(before, after, 'chaosflow_guardian_evaluation_seconds_count') / (WINDOW_MS / 1000);
    console.log(`evaluations/s in all: ${all.toFixed(1)}`);
  } finally {
    serve.child.kill('SIGTERM');
    await prometheus.stop();
    exporter.close();
    health.close();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  }
}

await main();
