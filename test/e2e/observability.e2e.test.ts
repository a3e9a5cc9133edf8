import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClusterClients } from '../../src/cluster/clients.js';
import { writeEmergencyStop } from '../../src/cluster/kill-switch-writer.js';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import type { RunningService } from '../../src/serve/service.js';
import { ALERTS_FILE, dashboardQueries, readAlertRules, readDashboard } from '../chart/monitoring-files.js';
import { type RunningPrometheus, startPrometheus } from '../env/prometheus.js';
import { GitRepo } from '../gitops/git-repo.js';
import { hub } from '../helpers.js';
import {
  CHAOS_NAMESPACE,
  ChaosRuns,
  canaryCapacity,
  compiledRun,
  deployTargets,
  serveChaos,
} from './chaos-runs.js';
import { until } from './until.js';

// The chart's dashboard and alert rules against a real Prometheus that scrapes Argo's workflow-controller and
// `chaosflow serve` while real chaos runs: Argo runs the compiled workflows (and emits their metrics), Litmus's
// operator and litmus-go delete kwok's pods, the guardian stops a guarded scheduled run.
const config = new KubeConfig();
const suffix = Date.now().toString(36);
const TARGETS = `observed-${suffix}`;
const PASSING = `obs-pass-${suffix}`;
const NIGHTLY = `obs-nightly-${suffix}`;
/** What the dashboard's experiment variable is set to: both experiments of this test, no other test's. */
const EXPERIMENTS = `obs-.*-${suffix}`;
const binDir = inject('binDir');
const workflowMetricsUrl = inject('workflowMetricsUrl');
const built = binDir !== '' && existsSync(join(binDir, 'prometheus')) && existsSync(join(binDir, 'promtool'));

interface Series {
  metric: Record<string, string>;
  values: [number, string][];
}

/** A range query over the test's time, every second, as a Grafana panel asks it. */
async function rangeQuery(prometheus: RunningPrometheus, expr: string, start: number): Promise<Series[]> {
  const query = new URLSearchParams({
    query: expr,
    start: String(start),
    end: String(Date.now() / 1000),
    step: '1',
  });
  const response = await fetch(`${prometheus.url}/api/v1/query_range?${query}`);
  const body = (await response.json()) as { status: string; error?: string; data?: { result: Series[] } };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  return body.data?.result ?? [];
}

/** A dashboard query with Grafana's variables as this test sets them. */
function asGrafanaAsks(expr: string): string {
  return expr
    .replaceAll('$workflow_id', EXPERIMENTS)
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__range', '10m')
    .replaceAll('$__interval', '1s');
}

/** The last value of each series, keyed by the labels named. */
function lastValues(series: readonly Series[], ...labels: string[]): Record<string, number> {
  return Object.fromEntries(
    series.map((one) => [
      labels.map((label) => one.metric[label] ?? '').join(' '),
      Number(one.values.at(-1)?.[1]),
    ]),
  );
}

/** Grafana's `label_values(metric, label)`: the values `label` takes on the series of `metric`. */
async function labelValues(prometheus: RunningPrometheus, label: string, metric: string): Promise<string[]> {
  const query = new URLSearchParams({ 'match[]': metric });
  const response = await fetch(`${prometheus.url}/api/v1/label/${label}/values?${query}`);
  return ((await response.json()) as { data: string[] }).data;
}

interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

async function alerts(prometheus: RunningPrometheus): Promise<Alert[]> {
  const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {
    data: { alerts: Alert[] };
  };
  return body.data.alerts;
}

/** Waits until the alert `name` (for the experiment `workflowId`, when given) is in `state`. */
function alertIn(prometheus: RunningPrometheus, name: string, state: Alert['state'], workflowId?: string) {
  return until(
    `${name} to be ${state}`,
    async () =>
      (await alerts(prometheus)).find(
        (alert) =>
          alert.labels.alertname === name &&
          alert.state === state &&
          (workflowId === undefined || alert.labels.workflow_id === workflowId),
      ),
    60_000,
  );
}

/** A guarded experiment compiled as a CronWorkflow, stopped by the guardian once the canary loses a replica. */
function nightlyExperiment(): KubeObject[] {
  const spec = experiment({
    name: NIGHTLY,
    chaosServiceAccount: `${NIGHTLY}-chaos`,
    target: target.deployment({ namespace: TARGETS, labels: { app: 'web' } }),
    faults: [faults.podDelete({ tunables: { totalChaosDuration: '5m', chaosInterval: '10s', force: true } })],
    schedule: { cron: ['0 3 * * *'] },
    abortWhen: [canaryCapacity(TARGETS)],
  });
  return [...compileExperiment(spec, { hub: hub(), kind: 'cron', rbac: true }).objects];
}

const syncedExperiment = [
  "import { experiment, faults, target } from 'chaosflow';",
  'export default experiment({',
  `  name: 'obs-synced-${suffix}',`,
  `  namespace: '${TARGETS}',`,
  `  target: target.deployment({ namespace: '${TARGETS}', labels: { app: 'web' } }),`,
  "  faults: [faults.podDelete({ tunables: { totalChaosDuration: '30s' } })],",
  '});',
  '',
].join('\n');

describe.skipIf(!built || workflowMetricsUrl === '')(
  "the chart's dashboard and alert rules, on a real Prometheus after real chaos",
  () => {
    const repo = new GitRepo();
    let runs: ChaosRuns;
    let service: RunningService | undefined;
    let prometheus: RunningPrometheus;
    let start: number;
    let runsStarted: number;

    beforeAll(async () => {
      config.loadFromFile(inject('kubeconfig'));
      runs = new ChaosRuns(config, inject('kubeconfig'), binDir);
      await deployTargets(config, TARGETS, ['web', 'canary']);
      repo.commit({ 'experiments/synced.ts': syncedExperiment });
      service = await serveChaos(config, TARGETS, {
        sync: {
          source: { repo: repo.dir, branch: 'main' },
          hub: hub(),
          cacheDir: mkdtempSync(join(tmpdir(), 'chaosflow-obs-cache-')),
          prune: false,
          intervalMs: 2000,
        },
      });
      prometheus = await startPrometheus({
        targets: [
          { job: 'argo-workflow-controller', url: workflowMetricsUrl, insecure: true },
          { job: 'chaosflow', url: `http://127.0.0.1:${service.port}/metrics` },
        ],
        ruleFiles: [ALERTS_FILE],
      });
      start = Date.now() / 1000;
    });
    afterAll(async () => {
      await service?.stop();
      await prometheus?.stop();
      repo.remove();
      await runs.removeClusterWide();
      await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
    });

    it('promtool accepts the alert rules', () => {
      const check = spawnSync(join(binDir, 'promtool'), ['check', 'rules', ALERTS_FILE], {
        encoding: 'utf8',
      });
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
      expect(check.stdout).toContain(`SUCCESS: ${readAlertRules().length} rules found`);
    });

    it('every dashboard query returns the series it draws, after a passing run and a guard-stopped scheduled run', async () => {
      runsStarted = Date.now();
      const passing = await runs.submit(
        compiledRun({
          name: PASSING,
          target: target.deployment({ namespace: TARGETS, labels: { app: 'web' } }),
          faults: [faults.podDelete({ tunables: { totalChaosDuration: '10s', chaosInterval: '5s' } })],
        }),
      );
      await runs.apply(nightlyExperiment());
      const nightly = await runs.argo(
        'submit',
        '-n',
        CHAOS_NAMESPACE,
        '--from',
        `cronworkflow/${NIGHTLY}`,
        '-o',
        'name',
      );
      await until(
        'the nightly run to be injecting chaos',
        async () =>
          (await rangeQuery(prometheus, `chaosflow_chaos_in_progress{workflow_id="${NIGHTLY}"}`, start))
            .length > 0
            ? true
            : undefined,
        180_000,
      );
      await config
        .makeApiClient(AppsV1Api)
        .patchNamespacedDeploymentScale(
          { name: 'canary', namespace: TARGETS, body: { spec: { replicas: 1 } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
      expect((await runs.finished(nightly)).status?.phase).toBe('Failed');
      expect((await runs.finished(passing)).status?.phase).toBe('Succeeded');
      repo.remove();
      // Every series has been scraped once the last ones a run emits are in.
      await until(
        'Prometheus to have scraped both runs and the failing sync',
        async () => {
          const last = await rangeQuery(
            prometheus,
            `argo_workflows_chaosflow_runs{workflow_id=~"${EXPERIMENTS}"}`,
            start,
          );
          const failing = await rangeQuery(prometheus, 'chaosflow_sync_failing == 1', start);
          return last.length === 2 && failing.length > 0 ? true : undefined;
        },
        60_000,
      );

      const dashboard = readDashboard();
      const experiments = await labelValues(prometheus, 'workflow_id', 'argo_workflows_chaosflow_runs');
      expect(experiments).toEqual(expect.arrayContaining([NIGHTLY, PASSING]));
      expect(dashboard.templating.list.find((variable) => variable.name === 'workflow_id')?.query).toEqual({
        query: 'label_values(argo_workflows_chaosflow_runs, workflow_id)',
        refId: 'experiments',
      });
      const results = new Map<string, Series[]>();
      for (const { where, expr } of dashboardQueries(dashboard)) {
        const series = await rangeQuery(prometheus, asGrafanaAsks(expr), start);
        expect(series.length, `${where}: ${expr}`).toBeGreaterThan(0);
        results.set(where, series);
      }
      const panel = (title: string) => results.get(`panel "${title}" A`) ?? [];
      expect(lastValues(panel('Runs by outcome'), 'status')).toEqual({ Succeeded: 1, Failed: 1 });
      expect(lastValues(panel('Last run'), 'workflow_id', 'kind')).toEqual({
        [`${PASSING} workflow`]: 1,
        [`${NIGHTLY} cron`]: 0,
      });
      expect(lastValues(panel('Resiliency score'), 'workflow_id')).toMatchObject({ [PASSING]: 100 });
      expect(lastValues(panel('Verdicts by fault'), 'workflow_id', 'step', 'verdict')).toEqual({
        [`${PASSING} pod-delete Pass`]: 1,
      });
      expect(lastValues(panel('Probe success by fault'), 'workflow_id', 'step')).toEqual({
        [`${PASSING} pod-delete`]: 100,
      });
      expect(lastValues(panel('Chaos duration by fault'), 'workflow_id')[PASSING]).toBeGreaterThan(10);
      expect(lastValues(panel('Leading and ready'))).toEqual({ '': 1 });
      expect(lastValues(results.get('panel "Leading and ready" B') ?? [])).toEqual({ '': 1 });
      expect(lastValues(panel('Sync failing'))).toEqual({ '': 1 });
      expect(lastValues(panel('Emergency stop'))).toEqual({ '': 0 });
      expect(lastValues(panel('Experiment files'), 'result')).toEqual({ compiled: 1, failed: 0 });
      expect(lastValues(panel('Runs stopped by guards'), 'workflow_id', 'condition')).toEqual({
        [`${NIGHTLY} canary-capacity`]: 1,
      });

      const windows = results.get('annotation "Chaos windows"') ?? [];
      expect(windows.map((one) => one.metric.workflow_id).sort()).toEqual([NIGHTLY, PASSING]);
      for (const window of windows) {
        const [from] = window.values[0] ?? [0];
        expect(from * 1000).toBeGreaterThanOrEqual(runsStarted);
        expect(window.metric.fault).toBe('pod-delete');
      }
      const aborts = results.get('annotation "Guardian aborts"') ?? [];
      const abortedAt = Number(aborts[0]?.values.at(-1)?.[1]);
      expect(abortedAt).toBeGreaterThan(runsStarted);
      expect(abortedAt).toBeLessThan(Date.now());
    }, 420_000);

    it('fires the alerts of a failed scheduled run, a guard abort and the emergency stop; holds a failing sync and a stopped service pending', async () => {
      const rules = readAlertRules();
      const fired = await Promise.all([
        alertIn(prometheus, 'ChaosflowScheduledRunFailed', 'firing', NIGHTLY),
        alertIn(prometheus, 'ChaosflowRunAbortedByGuard', 'firing', NIGHTLY),
        alertIn(prometheus, 'ChaosflowSyncFailing', 'pending'),
      ]);
      expect(fired.map((alert) => alert.labels.severity)).toEqual(['warning', 'warning', 'warning']);
      const passingAlerts = (await alerts(prometheus)).filter(
        (alert) => alert.labels.workflow_id === PASSING,
      );
      expect(passingAlerts).toEqual([]);
      expect(rules.find((rule) => rule.alert === 'ChaosflowSyncFailing')?.for).toBe('10m');

      const emergencyStop = rules.find((rule) => rule.alert === 'ChaosflowEmergencyStopOn')?.expr ?? '';
      expect(await rangeQuery(prometheus, emergencyStop, start)).toEqual([]);
      const killSwitch = { namespace: TARGETS, name: 'chaosflow-trigger' };
      await writeEmergencyStop(new ClusterClients(config), killSwitch, { reason: 'e2e: the alert' });
      expect((await alertIn(prometheus, 'ChaosflowEmergencyStopOn', 'firing')).labels.severity).toBe('info');
      await writeEmergencyStop(new ClusterClients(config), killSwitch, undefined);
      const serviceDown = rules.find((rule) => rule.alert === 'ChaosflowTriggerServiceDown')?.expr ?? '';
      expect(await rangeQuery(prometheus, serviceDown, Date.now() / 1000 - 5)).toEqual([]);
      await service?.stop();
      service = undefined;
      const down = await alertIn(prometheus, 'ChaosflowTriggerServiceDown', 'pending');
      expect(down.labels.severity).toBe('critical');
    }, 180_000);
  },
);
