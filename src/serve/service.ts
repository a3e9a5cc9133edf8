import type { AddressInfo } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { listChaosInProgress } from '../cluster/chaos-in-progress.js';
import { ClusterClients } from '../cluster/clients.js';
import { type ConfigWatch, watchKillSwitch, watchPolicies } from '../cluster/config-watch.js';
import { kubeSyncTarget } from '../cluster/gitops-applier.js';
import { writeEmergencyStop } from '../cluster/kill-switch-writer.js';
import { kubeLeaseStore } from '../cluster/lease-store.js';
import { KubeTriggerCluster } from '../cluster/trigger-cluster.js';
import type { SyncLoop } from '../gitops/sync-loop.js';
import { LeaderElector } from '../leadership/leader-elector.js';
import type { KillSwitchState } from '../model/kill-switch.js';
import { TriggerController } from '../trigger/controller.js';
import type { EventTrackerPolicy } from '../trigger/policy.js';
import { createTriggerServer } from './http/server.js';
import { LeaderSeat } from './leader-seat.js';
import { type LeaderWorkContext, type LiveConfig, startLeaderWork, triggerReporter } from './leader-work.js';
import { TriggerMetrics } from './metrics.js';
import type { LeaderElectionOptions, ServiceOptions } from './service-options.js';

/** How often every watch is replaced by a fresh list+watch, unless configured. */
const DEFAULT_RESYNC_MS = 60_000;

/** A running trigger service. */
export interface RunningService {
  /** The HTTP port, useful when started on port 0. */
  readonly port: number;
  readonly metrics: TriggerMetrics;
  stop(): Promise<void>;
}

/**
 * Starts the trigger service: watches the kill switch (and policies), serves HTTP and `POST /v1/trigger`, and
 * runs the leader's work (`startLeaderWork`): at once when it is the only replica, or while it holds the Lease
 * of `leaderElection`. Resolves once the HTTP server listens and, when alone, the leader's watches have listed
 * everything.
 */
export async function startTriggerService(
  config: KubeConfig,
  options: ServiceOptions,
  log: Logger,
): Promise<RunningService> {
  const clients = new ClusterClients(config);
  const metrics = new TriggerMetrics();
  // The guardian's grant to list ChaosEngines is what the chaos windows are read with.
  if (options.guardian !== false)
    metrics.observeChaos(() => listChaosInProgress(clients, options.templateNamespaces));
  const resyncMs = options.resyncMs ?? DEFAULT_RESYNC_MS;
  const watchRestarted = (resource: string, error: unknown, delayMs: number) => {
    metrics.watchRestarted(resource);
    log.warn({ resource, error: String(error), delayMs }, 'watch failed; restarting');
  };
  // Requests need none of the leader's state, so every replica takes them: the same request names the same run.
  const requests = new TriggerController(
    new KubeTriggerCluster(clients, options),
    triggerReporter(metrics, log),
    options,
  );
  const syncLoop =
    options.sync === undefined ? undefined : await gitopsLoop(clients, options.sync, metrics, log);
  const context: LeaderWorkContext = { clients, options, metrics, log, resyncMs, syncLoop, watchRestarted };
  const live: { -readonly [K in keyof LiveConfig]: LiveConfig[K] } = {
    killSwitch: { paused: false },
    policies: [],
  };
  const seat = new LeaderSeat(
    () => startLeaderWork(context, live),
    (error, retryInMs) =>
      log.error({ error: String(error), retryInMs }, "cannot start the leader's work; retrying"),
    options.leaderElection?.retryPeriodMs ?? 2000,
  );
  metrics.setPaused(options.paused === true);
  const watches = configWatches(
    clients,
    options,
    {
      killSwitch: (state) => {
        live.killSwitch = state;
        const paused = state.paused || options.paused === true;
        metrics.setPaused(paused);
        metrics.setEmergencyStop(state.emergencyStop !== undefined);
        requests.setEmergencyStop(state.emergencyStop);
        seat.current?.setKillSwitch(state);
        log.info(
          { paused, emergencyStop: state.emergencyStop?.reason ?? false },
          paused ? 'triggers paused' : 'triggers resumed',
        );
      },
      policies: (policies) => {
        live.policies = policies;
        seat.current?.setPolicies(policies);
      },
    },
    { resyncMs, watchRestarted },
    log,
  );
  const election =
    options.leaderElection === undefined ? undefined : elector(clients, options, seat, metrics, log);
  // A follower is ready to serve; the leader once its watches have listed too.
  const isReady = () => seat.current?.ready() ?? election !== undefined;
  metrics.observeReadiness(isReady);
  const server = createTriggerServer({
    ...(options.auth === undefined ? {} : { auth: options.auth }),
    submit: (request) => requests.submitRequest(request),
    isReady,
    ...(syncLoop === undefined ? {} : { requestSync: () => syncLoop.request() }),
    setEmergencyStop: (stop) =>
      writeEmergencyStop(clients, { namespace: options.namespace, name: options.killSwitch }, stop),
    metrics,
    log: ({ level, msg, ...fields }) => {
      const method = level === 'error' || level === 'warn' ? level : 'info';
      log[method](fields, String(msg ?? ''));
    },
  });
  await Promise.all(watches.map((source) => source.start()));
  if (election === undefined) {
    await seat.takeAlone();
    metrics.setLeader(true);
  }
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  election?.start();
  const port = (server.address() as AddressInfo).port;
  log.info({ port, watchNamespaces: options.watchNamespaces }, 'trigger service started');
  return {
    port,
    metrics,
    stop: async () => {
      if (election === undefined) await seat.leave();
      else await election.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await syncLoop?.stop();
      await Promise.all(watches.map((source) => source.stop()));
      await requests.idle();
    },
  };
}

/** Leader election on the Lease of `options.leaderElection`, which starts and stops the seat's work. */
function elector(
  clients: ClusterClients,
  options: ServiceOptions,
  seat: LeaderSeat,
  metrics: TriggerMetrics,
  log: Logger,
): LeaderElector {
  const election = options.leaderElection as LeaderElectionOptions;
  const store = kubeLeaseStore(clients, options.namespace, election.lease);
  return new LeaderElector(store, election.identity, election, {
    startedLeading: () => {
      metrics.setLeader(true);
      log.info({ identity: election.identity, lease: store.where }, 'leading');
      void seat.take();
    },
    stoppedLeading: async () => {
      metrics.setLeader(false);
      log.warn({ identity: election.identity, lease: store.where }, 'no longer leading; stopping');
      await seat.leave();
    },
    leaderChanged: (holder) => log.info({ leader: holder || '(none)', lease: store.where }, 'new leader'),
    failed: (error) => log.warn({ error: String(error), lease: store.where }, 'leader election'),
  });
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

/** The kill switch and, with a policy namespace, the EventTrackerPolicies: watched by every replica. */
function configWatches(
  clients: ClusterClients,
  options: ServiceOptions,
  on: {
    killSwitch: (state: KillSwitchState) => void;
    policies: (policies: EventTrackerPolicy[]) => void;
  },
  watches: Pick<LeaderWorkContext, 'resyncMs' | 'watchRestarted'>,
  log: Logger,
): ConfigWatch[] {
  const recovering = (resource: string) => ({
    resyncMs: watches.resyncMs,
    onError: (error: unknown, delayMs: number) => watches.watchRestarted(resource, error, delayMs),
  });
  const killSwitch = watchKillSwitch(
    clients,
    { namespace: options.namespace, name: options.killSwitch },
    on.killSwitch,
    recovering('configmaps'),
  );
  if (options.policyNamespace === undefined) return [killSwitch];
  const policies = watchPolicies(
    clients,
    options.policyNamespace,
    on.policies,
    (name, problem) => log.warn({ policy: name, problem }, 'EventTrackerPolicy ignored: invalid'),
    recovering('eventtrackerpolicies'),
  );
  return [killSwitch, policies];
}
