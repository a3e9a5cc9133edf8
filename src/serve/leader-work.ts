import type { Logger } from 'pino';
import type { ClusterClients } from '../cluster/clients.js';
import { KubeGuardianCluster } from '../cluster/guardian-cluster.js';
import type { InformerSet } from '../cluster/informer-set.js';
import { objectFieldReader } from '../cluster/object-field-reader.js';
import { KubeReaperCluster } from '../cluster/reaper-cluster.js';
import { watchRuns } from '../cluster/run-watch.js';
import { KubeTriggerCluster } from '../cluster/trigger-cluster.js';
import { watchWorkloads } from '../cluster/workload-watch.js';
import type { SyncLoop } from '../gitops/sync-loop.js';
import { conditionReader } from '../guardian/condition-reader.js';
import { Guardian } from '../guardian/guardian.js';
import type { GuardianReporter } from '../guardian/ports.js';
import { readHttp } from '../guardian/readers/http.js';
import { readPrometheus } from '../guardian/readers/prometheus.js';
import { Reaper } from '../guardian/reaper.js';
import { isFinished } from '../guardian/run.js';
import type { KillSwitchState } from '../model/kill-switch.js';
import { TriggerController, type TriggerReporter } from '../trigger/controller.js';
import type { EventTrackerPolicy } from '../trigger/policy.js';
import type { TriggerMetrics } from './metrics.js';
import type { ServiceOptions } from './service-options.js';

/** How often the reaper looks for engines whose run has ended or is gone, unless configured. */
const DEFAULT_REAP_INTERVAL_MS = 30_000;

/** The configuration every replica watches, as it stands when the leader's work starts and as it changes. */
export interface LiveConfig {
  readonly killSwitch: KillSwitchState;
  readonly policies: readonly EventTrackerPolicy[];
}

/** What the process around the leader's work gives it. */
export interface LeaderWorkContext {
  readonly clients: ClusterClients;
  readonly options: ServiceOptions;
  readonly metrics: TriggerMetrics;
  readonly log: Logger;
  readonly resyncMs: number;
  readonly syncLoop: SyncLoop | undefined;
  readonly watchRestarted: (resource: string, error: unknown, delayMs: number) => void;
}

/** The work only one replica may do, while it leads. */
export interface LeaderWork {
  /** Whether every watch of this work has listed what it watches. */
  ready(): boolean;
  /** Hands over a change of the kill switch. */
  setKillSwitch(state: KillSwitchState): void;
  /** Hands over a change of the EventTrackerPolicies. */
  setPolicies(policies: readonly EventTrackerPolicy[]): void;
  /** Stops it all and waits for what is in flight (a submission, a sync, the last write of the revisions). */
  stop(): Promise<void>;
}

/**
 * Starts what only the leader does: the trigger controller (restoring the revisions handled before, so a
 * change made while no replica led is neither lost nor repeated), the workload watches feeding it, the GitOps
 * loop's periodic syncs, and the guardian with its reaper. Resolves once every watch has listed.
 */
export async function startLeaderWork(context: LeaderWorkContext, config: LiveConfig): Promise<LeaderWork> {
  const { clients, options, metrics, log, resyncMs } = context;
  const controller = new TriggerController(
    new KubeTriggerCluster(clients, options),
    triggerReporter(metrics, log),
    options,
  );
  await controller.restore();
  const guardian = options.guardian === false ? undefined : guardianWork(context);
  const apply = (state: KillSwitchState) => {
    const paused = state.paused || options.paused === true;
    controller.setPaused(paused);
    controller.setEmergencyStop(state.emergencyStop);
    guardian?.guardian.setEmergencyStop(state.emergencyStop);
    // The runs the run watch does not see are found through their engines: look now, not at the next sweep.
    if (state.emergencyStop !== undefined) guardian?.reaper.soon(0);
  };
  apply(config.killSwitch);
  controller.setPolicies(config.policies);

  const watch = watchWorkloads(
    clients,
    options.watchNamespaces,
    {
      changed: (kind, workload) => void controller.observe(kind, workload),
      deleted: (workload) => void controller.forget(workload),
      restarting: context.watchRestarted,
    },
    resyncMs,
  );
  await Promise.all([watch.start(), ...(guardian === undefined ? [] : [guardian.runs.start()])]);
  const timer = setInterval(() => void controller.tick(), options.tickMs ?? 1000);
  context.syncLoop?.start();
  guardian?.reaper.start(options.reapIntervalMs ?? DEFAULT_REAP_INTERVAL_MS);
  return {
    ready: () => watch.ready(),
    setKillSwitch: apply,
    setPolicies: (policies) => controller.setPolicies(policies),
    stop: async () => {
      clearInterval(timer);
      await context.syncLoop?.stop();
      await Promise.all([watch.stop(), ...(guardian === undefined ? [] : [guardian.runs.stop()])]);
      guardian?.guardian.stop();
      guardian?.reaper.stop();
      await controller.idle();
    },
  };
}

/** The guardian, its reaper, and the watch of chaosflow's runs that feeds both (started by the caller). */
function guardianWork(context: LeaderWorkContext): { guardian: Guardian; runs: InformerSet; reaper: Reaper } {
  const { clients, options, metrics, log } = context;
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
    chaosRunning: (run) => guardian.observeChaos(run),
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
      restarting: context.watchRestarted,
    },
    context.resyncMs,
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

/** Where a trigger controller reports: the service's metrics and log. */
export function triggerReporter(metrics: TriggerMetrics, log: Logger): TriggerReporter {
  return {
    fired: (kind) => metrics.fired(kind),
    skipped: (reason) => metrics.skipped(reason),
    observeSubmit: (seconds) => metrics.observeSubmit(seconds),
    log: (level, message, fields) => log[level](fields, message),
  };
}
