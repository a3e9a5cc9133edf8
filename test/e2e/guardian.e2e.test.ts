import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { faults, guard, target } from '../../src/index.js';
import { GUARD_ANNOTATIONS } from '../../src/model/guarded-run.js';
import type { RunningService } from '../../src/serve/service.js';
import { type RunningPrometheus, startPrometheus } from '../env/prometheus.js';
import {
  CHAOS_NAMESPACE,
  ChaosRuns,
  canaryCapacity,
  compiledRun,
  deployTargets,
  nodeOf,
  PodDeletions,
  rolledOut,
  serveChaos,
} from './chaos-runs.js';
import { until } from './until.js';

// The guardian of `chaosflow serve` against real chaos: Argo's controller runs the compiled workflow (its
// wait-for-guardian step included), Litmus's chaos-operator and litmus-go delete kwok's pods, a real Prometheus
// scrapes a gauge this test sets, and the guardian stops the run when its condition holds.
const config = new KubeConfig();
const TARGETS = `guardian-${Date.now().toString(36)}`;
const ERRORS = 'chaosflow_e2e_error_ratio';
const binDir = inject('binDir');
const prometheusBuilt = binDir !== '' && existsSync(join(binDir, 'prometheus'));
let runs: ChaosRuns;

/** An HTTP server on 127.0.0.1 whose answer the test changes. */
async function serve(
  answer: () => { status: number; body: string },
): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    const { status, body } = answer();
    response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A pod-delete that would go on for minutes, deleting a pod every `interval`, unless stopped. */
const longPodDelete = (chaosInterval: `${number}s`) =>
  faults.podDelete({ tunables: { totalChaosDuration: '5m', chaosInterval, force: true } });

interface GuardedWorkflow {
  metadata: { name: string; uid: string; annotations?: Record<string, string> };
  spec: { shutdown?: string };
}

async function rawWorkflow(name: string): Promise<GuardedWorkflow> {
  return (await config.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: CHAOS_NAMESPACE,
    plural: 'workflows',
    name,
  })) as GuardedWorkflow;
}

/** Waits until something has set `spec.shutdown` on the run; resolves with the Workflow then. */
const stopped = (name: string) =>
  until(
    `workflow ${name} to be stopped`,
    async () => {
      const workflow = await rawWorkflow(name);
      return workflow.spec.shutdown === undefined ? undefined : workflow;
    },
    120_000,
  );

/** The Events recorded on a Workflow of the chaos namespace. */
async function workflowEvents(name: string): Promise<{ reason: string; type: string; message: string }[]> {
  const events = await config.makeApiClient(CoreV1Api).listNamespacedEvent({
    namespace: CHAOS_NAMESPACE,
    fieldSelector: `involvedObject.name=${name},involvedObject.kind=Workflow`,
  });
  return events.items.map((event) => ({
    reason: event.reason ?? '',
    type: event.type ?? '',
    message: event.message ?? '',
  }));
}

const web = () => target.deployment({ namespace: TARGETS, labels: { app: 'web' } });

describe.skipIf(!prometheusBuilt)('the guardian, with real chaos and a real Prometheus', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), binDir);
    await deployTargets(config, TARGETS, ['web', 'canary']);
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
  });

  it('fails a guarded run at wait-for-guardian, before any engine, when no guardian answers', async () => {
    const name = await runs.submit(
      compiledRun({
        name: 'e2e-unwatched',
        target: web(),
        faults: [longPodDelete('10s')],
        abortWhen: [guard.http({ name: 'health', url: 'http://127.0.0.1:9/' })],
        guardianTimeout: '10s',
      }),
    );
    const workflow = await runs.finished(name, 120_000);
    expect(workflow.status?.phase).toBe('Failed');
    expect(nodeOf(workflow, 'wait-for-guardian')).toMatchObject({ phase: 'Failed' });
    const ran = Object.values(workflow.status?.nodes ?? {}).map((node) => node.displayName);
    expect(ran.filter((step) => /^(install-|run-faults|pod-delete|engine-)/.test(step))).toEqual([]);
    expect(await runs.leftovers(workflow)).toEqual({ engines: [], jobs: [], pods: [] });
  }, 180_000);

  describe('with chaosflow serve running', () => {
    let service: RunningService;
    let prometheus: RunningPrometheus;
    let errorRatio = 0;
    let health = 200;
    let healthUrl = '';
    const servers: Server[] = [];

    beforeAll(async () => {
      const exporter = await serve(() => ({
        status: 200,
        body: `# TYPE ${ERRORS} gauge\n${ERRORS}{job="checkout"} ${errorRatio}\n`,
      }));
      const healthz = await serve(() => ({ status: health, body: health === 200 ? 'ok' : 'overloaded' }));
      servers.push(exporter.server, healthz.server);
      prometheus = await startPrometheus({
        targets: [{ job: 'checkout', url: `${exporter.url}/metrics` }],
        scrapeInterval: '1s',
      });
      healthUrl = `${healthz.url}/healthz`;
      service = await serveChaos(config, TARGETS);
    });
    afterAll(async () => {
      await service?.stop();
      await prometheus?.stop();
      for (const server of servers) server.close();
    });

    it('stops a run whose Prometheus condition breaks mid-chaos: reason, Event, metric; Stopped, no pod deleted after', async () => {
      const deletions = new PodDeletions(config, TARGETS, 'app=web');
      await deletions.start();
      const name = await runs.submit(
        compiledRun({
          name: 'e2e-guarded',
          target: web(),
          faults: [longPodDelete('30s')],
          abortWhen: [
            guard.prometheus({
              name: 'error-ratio',
              endpoint: prometheus.url,
              query: `max(${ERRORS})`,
              above: 0.05,
              every: '2s',
            }),
          ],
        }),
      );
      await until(
        'litmus-go to delete a first pod',
        async () => (deletions.seen.length > 0 ? true : undefined),
        180_000,
      );
      const breach = new Date();
      errorRatio = 0.2;
      const stop = await stopped(name);
      const stopLanded = new Date();
      const workflow = await runs.finished(name);
      const ended = new Date();
      const cleaned = await runs.cleanedUp(workflow);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      deletions.stop();
      console.log(
        `guardian e2e: stop written ${stopLanded.getTime() - breach.getTime()} ms after the breach (scrape 1 s, every 2 s); run ended after ${ended.getTime() - breach.getTime()} ms; chaos cleaned up after ${cleaned.getTime() - breach.getTime()} ms`,
      );

      expect(stop.spec.shutdown).toBe('Stop');
      expect(stop.metadata.annotations?.[GUARD_ANNOTATIONS.answer]).toBe('watching');
      expect(stop.metadata.annotations?.[GUARD_ANNOTATIONS.reason]).toMatch(
        /^abort condition "error-ratio" held: 0\.2 > 0\.05 \(\d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
      );
      expect(workflow.status?.phase).toBe('Failed');
      expect(nodeOf(workflow, 'wait-for-guardian')?.phase).toBe('Succeeded');
      expect(nodeOf(workflow, `${name}.onExit`)?.phase).toBe('Succeeded');
      expect(await workflowEvents(name)).toContainEqual({
        type: 'Warning',
        reason: 'ChaosAborted',
        message: 'abort condition "error-ratio" held: 0.2 > 0.05',
      });
      expect((await service.metrics.render()).body).toContain(
        'chaosflow_guardian_aborts_total{workflow_id="e2e-guarded",condition="error-ratio"} 1',
      );
      const result = await runs.result(workflow, 'pod-delete');
      expect(result.status?.experimentStatus).toMatchObject({ phase: 'Stopped', verdict: 'Stopped' });
      expect(deletions.seen.length).toBe(1);
      expect(deletions.after(breach)).toEqual([]);
      errorRatio = 0;
      await rolledOut(config, TARGETS, 'web');
    }, 420_000);

    it('stops runs on an HTTP condition and on a Kubernetes condition, each with its own reason', async () => {
      const http = await runs.submit(
        compiledRun({
          name: 'e2e-http-guarded',
          target: web(),
          faults: [longPodDelete('60s')],
          abortWhen: [guard.http({ name: 'health', url: healthUrl, every: '1s' })],
        }),
      );
      const kubernetes = await runs.submit(
        compiledRun({
          name: 'e2e-k8s-guarded',
          target: web(),
          faults: [longPodDelete('60s')],
          abortWhen: [canaryCapacity(TARGETS)],
        }),
      );
      for (const name of [http, kubernetes]) {
        await until(`${name} to be watched`, async () =>
          (await rawWorkflow(name)).metadata.annotations?.[GUARD_ANNOTATIONS.answer] === 'watching'
            ? true
            : undefined,
        );
      }
      health = 503;
      await config
        .makeApiClient(AppsV1Api)
        .patchNamespacedDeploymentScale(
          { name: 'canary', namespace: TARGETS, body: { spec: { replicas: 1 } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );

      const reasons = await Promise.all(
        [http, kubernetes].map(
          async (name) => (await stopped(name)).metadata.annotations?.[GUARD_ANNOTATIONS.reason],
        ),
      );
      expect(reasons[0]).toMatch(/^abort condition "health" held: answered 503 \(/);
      expect(reasons[1]).toMatch(
        new RegExp(
          `^abort condition "canary-capacity" held: status\\.availableReplicas of Deployment ${TARGETS}/canary: 1 < 2 \\(`,
        ),
      );
      for (const name of [http, kubernetes]) {
        const workflow = await runs.finished(name);
        expect(workflow.status?.phase).toBe('Failed');
        await runs.cleanedUp(workflow);
      }
      health = 200;
    }, 420_000);

    it('reaps the engines of runs terminated or deleted mid-chaos: litmus-go says Stopped, nothing is left', async () => {
      const deletions = new PodDeletions(config, TARGETS, 'app in (web,canary)');
      await deletions.start();
      const submitted = await Promise.all(
        (['web', 'canary'] as const).map((app) =>
          runs.submit(
            compiledRun({
              name: `e2e-reaped-${app}`,
              target: target.deployment({ namespace: TARGETS, labels: { app } }),
              faults: [longPodDelete('30s')],
            }),
          ),
        ),
      );
      const [terminated, deleted] = submitted as [string, string];
      await until(
        'litmus-go to delete a pod of each',
        async () => {
          const apps = new Set(deletions.seen.map((deletion) => deletion.name.split('-')[0]));
          return apps.has('web') && apps.has('canary') ? true : undefined;
        },
        180_000,
      );
      const workflows = [await runs.workflow(terminated), await runs.workflow(deleted)];
      await runs.argo('terminate', '-n', CHAOS_NAMESPACE, terminated);
      await config.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: CHAOS_NAMESPACE,
        plural: 'workflows',
        name: deleted,
      });
      const reapedAt = await Promise.all(workflows.map((workflow) => runs.cleanedUp(workflow, 120_000)));
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      deletions.stop();
      for (const [index, workflow] of workflows.entries()) {
        const result = await runs.result(workflow, 'pod-delete');
        expect(result.status?.experimentStatus).toMatchObject({ phase: 'Stopped', verdict: 'Stopped' });
        const events = await config.makeApiClient(CoreV1Api).listNamespacedEvent({
          namespace: CHAOS_NAMESPACE,
          fieldSelector: `involvedObject.name=${result.spec.engine},reason=ChaosReaped`,
        });
        const why =
          index === 0
            ? `its run ${CHAOS_NAMESPACE}/${terminated} ended without deleting it`
            : `its run ${CHAOS_NAMESPACE}/${deleted} is gone`;
        expect(events.items.map((event) => event.message)).toEqual([
          expect.stringMatching(
            new RegExp(
              `^chaosflow deleted this engine because ${why}; Litmus released it \\(chaos reverted\\) in [\\d.]+s$`,
            ),
          ),
        ]);
        expect(deletions.after(reapedAt[index] as Date)).toEqual([]);
      }
      expect((await service.metrics.render()).body).toContain(
        'chaosflow_guardian_reaped_engines_total{result="released"} 2',
      );
      await rolledOut(config, TARGETS, 'web');
    }, 420_000);
  });
});
