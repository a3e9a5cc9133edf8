import type { AddressInfo } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { ClusterClients } from '../cluster/clients.js';
import { type ConfigWatch, watchKillSwitch, watchPolicies } from '../cluster/config-watch.js';
import { kubeSyncTarget } from '../cluster/gitops-applier.js';
import { KubeGuardianCluster } from '../cluster/guardian-cluster.js';
import type { InformerSet } from '../cluster/informer-set.js';
import { writeEmergencyStop } from '../cluster/kill-switch-writer.js';
import { objectFieldReader } from '../cluster/object-field-reader.js';
import { KubeReaperCluster } from '../cluster/reaper-cluster.js';
import { watchRuns } from '../cluster/run-watch.js';
import { KubeTriggerCluster } from '../cluster/trigger-cluster.js';
import { watchWorkloads } from '../cluster/workload-watch.js';
import type { SyncOptions } from '../gitops/sync.js';
import type { SyncLoop } from '../gitops/sync-loop.js';
import { conditionReader } from '../guardian/condition-reader.js';
import { Guardian } from '../guardian/guardian.js';
import type { GuardianReporter } from '../guardian/ports.js';
import { readHttp } from '../guardian/readers/http.js';
import { readPrometheus } from '../guardian/readers/prometheus.js';
import { Reaper } from '../guardian/reaper.js';
import { isFinished } from '../guardian/run.js';
import type { BlastRadiusPolicy } from '../policy/policy.js';
import { type ControllerOptions, TriggerController, type TriggerReporter } from '../trigger/controller.js';
import type { AuthConfig } from './http/auth.js';
import { createTriggerServer } from './http/server.js';
import { TriggerMetrics } from './metrics.js';

/** How often every watch is replaced by a fresh list+watch, unless configured. */
const DEFAULT_RESYNC_MS = 60_000;
/** How often the reaper looks for engines whose run has ended or is gone, unless configured. */
const DEFAULT_REAP_INTERVAL_MS = 30_000;

/** Everything `chaosflow serve` is configured with. */
export interface ServiceOptions extends ControllerOptions {
  /** The service's own namespace: its revision store and kill switch live there. */
  readonly namespace: string;
  /** Namespaces whose workloads are watched; all when empty. */
  readonly watchNamespaces: readonly string[];
  /** Namespaces searched for WorkflowTemplates; all when empty. */
  readonly templateNamespaces: readonly string[];
  /** Namespace of the EventTrackerPolicies to honour; none are read when unset. */
  readonly policyNamespace?: string;
  /** ConfigMap in {@link namespace} whose key `paused: "true"` pauses all triggers. */
  readonly killSwitch: string;
  /** ConfigMap in {@link namespace} that stores handled revisions; the trigger's `DEFAULT_STATE_CONFIG_MAP` when unset. */
  readonly stateConfigMap?: string;
  /** Start paused, whatever the ConfigMap says. */
  readonly paused?: boolean;
  readonly port: number;
  readonly host?: string;
  /** Credentials for `POST /v1/trigger` and `/v1/sync`; without them the HTTP API is off. */
  readonly auth?: AuthConfig;
  /** How often waiting triggers (rollouts, cooldowns) are re-checked. @defaultValue 1000 */
  readonly tickMs?: number;
  /** How often every workload watch is replaced by a fresh list+watch. @defaultValue 60000 */
  readonly resyncMs?: number;
  /** The GitOps loop: sync a repository of experiments every `intervalMs` and on `POST /v1/sync`. */
  readonly sync?: Omit<SyncOptions, 'dryRun'> & { readonly intervalMs: number };
  /**
   * Run the guardian: watch chaosflow's runs in {@link templateNamespaces}, stop those whose abort conditions
   * hold, and reap the ChaosEngines of runs that ended without deleting them. @defaultValue true
   */
  readonly guardian?: boolean;
  /** How often the reaper sweeps for engines whose run has ended or is gone. @defaultValue 30000 */
  readonly reapIntervalMs?: number;
  /** The blast-radius policy the guardian holds runs to when they start (the sync loop has its own). */
  readonly policy?: BlastRadiusPolicy;
}

/** A running trigger service. */
export interface RunningService {
  /** The HTTP port, useful when started on port 0. */
  readonly port: number;
  readonly metrics: TriggerMetrics;
  stop(): Promise<void>;
}

/**
 * Starts the trigger service: restores the handled revisions, watches workloads (and the kill switch and
 * policies), serves HTTP, and re-checks waiting triggers every second. Resolves once the watches have listed
 * everything and the HTTP server listens.
 */
export async function startTriggerService(
  config: KubeConfig,
  options: ServiceOptions,
  log: Logger,
): Promise<RunningService> {
  const clients = new ClusterClients(config);
  const metrics = new TriggerMetrics();
  const cluster = new KubeTriggerCluster(clients, options);
  const controller = new TriggerController(cluster, reporterFor(metrics, log), options);
  await controller.restore();
  controller.setPaused(options.paused === true);
  metrics.setPaused(options.paused === true);

  const watch = watchWorkloads(
    clients,
    options.watchNamespaces,
    {
      changed: (kind, workload) => void controller.observe(kind, workload),
      deleted: (workload) => void controller.forget(workload),
      restarting: (resource, error, delayMs) => watchRestarted(metrics, log, resource, error, delayMs),
    },
    options.resyncMs ?? DEFAULT_RESYNC_MS,
  );
  const guardian = options.guardian === false ? undefined : makeGuardian(clients, options, metrics, log);
  const watches = configWatches(clients, options, { controller, guardian: guardian?.guardian }, metrics, log);
  const syncLoop =
    options.sync === undefined ? undefined : await gitopsLoop(clients, options.sync, metrics, log);
  const server = createTriggerServer({
    ...(options.auth === undefined ? {} : { auth: options.auth }),
    submit: (request) => controller.submitRequest(request),
    isReady: () => watch.ready(),
    ...(syncLoop === undefined ? {} : { requestSync: () => syncLoop.request() }),
    setEmergencyStop: (stop) =>
      writeEmergencyStop(clients, { namespace: options.namespace, name: options.killSwitch }, stop),
    metrics,
    log: ({ level, msg, ...fields }) => {
      const method = level === 'error' || level === 'warn' ? level : 'info';
      log[method](fields, String(msg ?? ''));
    },
  });
  await Promise.all([
    watch.start(),
    ...watches.map((source) => source.start()),
    ...(guardian === undefined ? [] : [guardian.runs.start()]),
  ]);
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  const timer = setInterval(() => void controller.tick(), options.tickMs ?? 1000);
  syncLoop?.start();
  guardian?.reaper.start(options.reapIntervalMs ?? DEFAULT_REAP_INTERVAL_MS);
  const port = (server.address() as AddressInfo).port;
  log.info({ port, watchNamespaces: options.watchNamespaces }, 'trigger service started');
  return {
    port,
    metrics,
    stop: async () => {
      clearInterval(timer);
      await syncLoop?.stop();
      await Promise.all([
        watch.stop(),
        ...watches.map((source) => source.stop()),
        ...(guardian === undefined ? [] : [guardian.runs.stop()]),
      ]);
      guardian?.guardian.stop();
      guardian?.reaper.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await controller.idle();
    },
  };
}

/** The guardian, and the watch of chaosflow's runs that feeds it (started by the caller). */
function makeGuardian(
  clients: ClusterClients,
  options: ServiceOptions,
  metrics: TriggerMetrics,
  log: Logger,
): { guardian: Guardian; runs: InformerSet; reaper: Reaper } {
  const read = conditionReader({
    prometheus: readPrometheus,
    http: readHttp,
    kubernetes: objectFieldReader(clients),
  });
  const guardian = new Guardian(
    new KubeGuardianCluster(clients),
    read,
    guardianReporter(metrics, log),
    options.policy === undefined ? {} : { policy: options.policy },
  );
  const reaper = new Reaper(new KubeReaperCluster(clients, options.templateNamespaces), {
    reaped: (result) => {
      metrics.engineReaped(result.released);
      const level = result.released ? 'info' : 'error';
      log[level](
        result,
        result.released ? 'reaped an orphaned engine' : 'an orphaned engine was not released',
      );
    },
    log: (level, message, fields) => log[level](fields, message),
  });
  const runs = watchRuns(
    clients,
    options.templateNamespaces,
    {
      changed: (run) => {
        guardian.observe(run);
        if (isFinished(run)) reaper.soon();
      },
      deleted: (uid) => {
        guardian.forget(uid);
        reaper.soon();
      },
      listed: (all) => guardian.resync(all),
      restarting: (resource, error, delayMs) => watchRestarted(metrics, log, resource, error, delayMs),
    },
    options.resyncMs ?? DEFAULT_RESYNC_MS,
  );
  return { guardian, runs, reaper };
}

function guardianReporter(metrics: TriggerMetrics, log: Logger): GuardianReporter {
  return {
    evaluated: (type, state, lateSeconds) => metrics.guardEvaluated(type, state, lateSeconds),
    aborted: (experiment, condition) => metrics.guardAborted(experiment, condition),
    refused: (experiment) => metrics.guardRefused(experiment),
    emergencyStopped: (experiment) => metrics.emergencyStopped(experiment),
    watching: (runs) => metrics.setGuardedRuns(runs),
    log: (level, message, fields) => log[level](fields, message),
  };
}

/** The GitOps loop; its code (git, the compiler, the TypeScript loader) is loaded only when one is asked for. */
async function gitopsLoop(
  clients: ClusterClients,
  options: NonNullable<ServiceOptions['sync']>,
  metrics: TriggerMetrics,
  log: Logger,
): Promise<SyncLoop> {
  const [{ sync }, { SyncLoop }] = await Promise.all([
    import('../gitops/sync.js'),
    import('../gitops/sync-loop.js'),
  ]);
  return new SyncLoop(
    () => sync(kubeSyncTarget(clients), { ...options, dryRun: false }),
    options.intervalMs,
    {
      synced: (report, seconds) => {
        const failed = report.files.filter((file) => !file.ok);
        metrics.synced(
          { compiled: report.files.length - failed.length, failed: failed.length },
          report.actions.map((action) => action.action),
        );
        for (const file of failed)
          log.warn(
            { file: file.file, error: file.ok ? '' : file.error },
            'experiment file failed to compile',
          );
        const changed = report.actions.filter((action) => action.action !== 'unchanged');
        log.info({ commit: report.commit, seconds, actions: changed }, 'synced');
      },
      failed: (error, retryInMs) => {
        metrics.syncFailed();
        log.error(
          { error: error instanceof Error ? error.message : String(error), retryInMs },
          'sync failed; the cluster keeps its last synced state',
        );
      },
    },
  );
}

function watchRestarted(
  metrics: TriggerMetrics,
  log: Logger,
  resource: string,
  error: unknown,
  delayMs: number,
): void {
  metrics.watchRestarted(resource);
  log.warn({ resource, error: String(error), delayMs }, 'watch failed; restarting');
}

function reporterFor(metrics: TriggerMetrics, log: Logger): TriggerReporter {
  return {
    fired: (kind) => metrics.fired(kind),
    skipped: (reason) => metrics.skipped(reason),
    observeSubmit: (seconds) => metrics.observeSubmit(seconds),
    log: (level, message, fields) => log[level](fields, message),
  };
}

function configWatches(
  clients: ClusterClients,
  options: ServiceOptions,
  { controller, guardian }: { controller: TriggerController; guardian: Guardian | undefined },
  metrics: TriggerMetrics,
  log: Logger,
): ConfigWatch[] {
  const recovering = (resource: string) => ({
    resyncMs: options.resyncMs ?? DEFAULT_RESYNC_MS,
    onError: (error: unknown, delayMs: number) => watchRestarted(metrics, log, resource, error, delayMs),
  });
  const killSwitch = watchKillSwitch(
    clients,
    { namespace: options.namespace, name: options.killSwitch },
    (state) => {
      const effective = state.paused || options.paused === true;
      controller.setPaused(effective);
      metrics.setPaused(effective);
      metrics.setEmergencyStop(state.emergencyStop !== undefined);
      guardian?.setEmergencyStop(state.emergencyStop);
      controller.setEmergencyStop(state.emergencyStop);
      log.info(
        { paused: effective, emergencyStop: state.emergencyStop?.reason ?? false },
        effective ? 'triggers paused' : 'triggers resumed',
      );
    },
    recovering('configmaps'),
  );
  if (options.policyNamespace === undefined) return [killSwitch];
  const policies = watchPolicies(
    clients,
    options.policyNamespace,
    (valid) => controller.setPolicies(valid),
    (name, problem) => log.warn({ policy: name, problem }, 'EventTrackerPolicy ignored: invalid'),
    recovering('eventtrackerpolicies'),
  );
  return [killSwitch, policies];
}
