import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ChaosInProgress } from '../cluster/chaos-in-progress.js';
import { FIRE_KINDS, type FireKind, SKIP_REASONS, type SkipReason } from '../trigger/outcomes.js';

/** Change-to-Workflow-created latency buckets, in seconds: 10 ms up to a minute-long rollout gate. */
const SUBMIT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** What `render()` gives: the body of a `/metrics` response and its content type. */
export interface RenderedMetrics {
  readonly contentType: string;
  readonly body: string;
}

/**
 * The trigger service's Prometheus metrics, on a registry of their own (never prom-client's global one, so
 * two instances, as in tests, do not collide), with the Node process metrics beside them.
 */
export class TriggerMetrics {
  readonly registry = new Registry();

  readonly #fired = new Counter({
    name: 'chaosflow_triggers_fired_total',
    help: 'Runs started, by what started them.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly #skipped = new Counter({
    name: 'chaosflow_triggers_skipped_total',
    help: 'Triggers that started no run, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly #submitSeconds = new Histogram({
    name: 'chaosflow_trigger_submit_seconds',
    help: 'Seconds from the workload change to the Workflow being created.',
    buckets: SUBMIT_BUCKETS,
    registers: [this.registry],
  });

  readonly #watchRestarts = new Counter({
    name: 'chaosflow_watch_restarts_total',
    help: 'Watches restarted after an error or a 410 Gone, by resource.',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });

  readonly #paused = new Gauge({
    name: 'chaosflow_trigger_paused',
    help: '1 while the kill switch pauses all triggers, else 0.',
    registers: [this.registry],
  });

  readonly #leader = new Gauge({
    name: 'chaosflow_leader',
    help: '1 while this replica leads (watches workloads, syncs periodically, guards runs), else 0.',
    registers: [this.registry],
  });

  #isReady: () => boolean = () => false;

  readonly #ready: Gauge = new Gauge({
    name: 'chaosflow_ready',
    help: '1 while this replica answers /readyz with 200 (a follower once it serves, the leader once its watches have listed), else 0.',
    registers: [this.registry],
    collect: (): void => this.#ready.set(this.#isReady() ? 1 : 0),
  });

  readonly #leadershipChanges = new Counter({
    name: 'chaosflow_leadership_changes_total',
    help: 'Times this replica started or stopped leading, by direction.',
    labelNames: ['change'] as const,
    registers: [this.registry],
  });

  readonly #syncs = new Counter({
    name: 'chaosflow_syncs_total',
    help: 'GitOps syncs, by result (ok, or failed: git or the API server unreachable).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly #syncFailing = new Gauge({
    name: 'chaosflow_sync_failing',
    help: '1 while the last GitOps sync failed (git or the API server unreachable), else 0.',
    registers: [this.registry],
  });

  readonly #syncFiles = new Gauge({
    name: 'chaosflow_sync_files',
    help: 'Experiment files of the last sync, by whether they compiled.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly #syncObjects = new Counter({
    name: 'chaosflow_sync_objects_total',
    help: 'Objects a sync acted on, by action (create, update, revert-drift, prune, keep).',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  readonly #guardEvaluations = new Counter({
    name: 'chaosflow_guardian_evaluations_total',
    help: 'Abort conditions evaluated by the guardian, by kind and result (clear, breached, unavailable).',
    labelNames: ['type', 'result'] as const,
    registers: [this.registry],
  });

  readonly #guardLateness = new Histogram({
    name: 'chaosflow_guardian_evaluation_seconds',
    help: 'Seconds from when an abort condition was due to its reading: the wait for its turn plus the reading itself.',
    labelNames: ['type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly #guardAborts = new Counter({
    name: 'chaosflow_guardian_aborts_total',
    help: 'Runs the guardian stopped because an abort condition held, by experiment and condition.',
    labelNames: ['workflow_id', 'condition'] as const,
    registers: [this.registry],
  });

  readonly #guardLastAbort = new Gauge({
    name: 'chaosflow_guardian_last_abort_timestamp_seconds',
    help: 'When the guardian last stopped a run of an experiment, in Unix seconds, by experiment.',
    labelNames: ['workflow_id'] as const,
    registers: [this.registry],
  });

  readonly #guardRefusals = new Counter({
    name: 'chaosflow_guardian_refusals_total',
    help: 'Guarded runs the guardian refused to watch, so that they injected no chaos, by experiment.',
    labelNames: ['workflow_id'] as const,
    registers: [this.registry],
  });

  readonly #emergencyStop = new Gauge({
    name: 'chaosflow_emergency_stop',
    help: '1 while the emergency stop is on (every chaosflow run in scope is stopped), else 0.',
    registers: [this.registry],
  });

  readonly #emergencyStops = new Counter({
    name: 'chaosflow_emergency_stopped_runs_total',
    help: 'Runs the emergency stop stopped, by experiment.',
    labelNames: ['workflow_id'] as const,
    registers: [this.registry],
  });

  readonly #reapedEngines = new Counter({
    name: 'chaosflow_guardian_reaped_engines_total',
    help: 'ChaosEngines the reaper deleted because their run had ended or was gone, by whether Litmus released them in time.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly #guardedRuns = new Gauge({
    name: 'chaosflow_guardian_watched_runs',
    help: 'Guarded runs whose abort conditions the guardian evaluates now.',
    registers: [this.registry],
  });

  #chaosSource: (() => Promise<readonly ChaosInProgress[]>) | undefined;

  readonly #chaosInProgress = new Gauge({
    name: 'chaosflow_chaos_in_progress',
    help: 'ChaosEngines of chaosflow runs whose chaos Litmus runs or reverts now, by experiment and fault (listed at each scrape): the chaos windows.',
    labelNames: ['workflow_id', 'fault'] as const,
    registers: [this.registry],
    collect: () => this.#collectChaos(),
  });

  // Registered after the gauge, so that a scrape renders the failure its own listing just counted.
  readonly #chaosReadErrors = new Counter({
    name: 'chaosflow_chaos_in_progress_read_errors_total',
    help: 'Scrapes at which the ChaosEngines could not be listed, so chaosflow_chaos_in_progress was left empty.',
    registers: [this.registry],
  });

  constructor() {
    for (const kind of FIRE_KINDS) this.#fired.inc({ kind }, 0);
    for (const reason of SKIP_REASONS) this.#skipped.inc({ reason }, 0);
    this.#paused.set(0);
    this.#guardedRuns.set(0);
    this.#emergencyStop.set(0);
    collectDefaultMetrics({ register: this.registry });
  }

  /** Reads whether the replica is ready from `isReady` at every scrape. */
  observeReadiness(isReady: () => boolean): void {
    this.#isReady = isReady;
  }

  /** Reads the ChaosEngines with chaos in progress from `source` at every scrape. */
  observeChaos(source: () => Promise<readonly ChaosInProgress[]>): void {
    this.#chaosSource = source;
  }

  async #collectChaos(): Promise<void> {
    const gauge = this.#chaosInProgress;
    gauge.reset();
    if (this.#chaosSource === undefined) return;
    try {
      for (const engine of await this.#chaosSource())
        gauge.inc({ workflow_id: engine.workflowId, fault: engine.fault });
    } catch {
      this.#chaosReadErrors.inc();
    }
  }

  /** A run was started. */
  fired(kind: FireKind): void {
    this.#fired.inc({ kind });
  }

  /** A trigger started no run. */
  skipped(reason: SkipReason): void {
    this.#skipped.inc({ reason });
  }

  /** A Workflow was created `seconds` after the change that caused it. */
  observeSubmit(seconds: number): void {
    this.#submitSeconds.observe(seconds);
  }

  /** The watch of `resource` (e.g. `deployments`) was restarted. */
  watchRestarted(resource: string): void {
    this.#watchRestarts.inc({ resource });
  }

  /** The kill switch was turned on or off. */
  setPaused(paused: boolean): void {
    this.#paused.set(paused ? 1 : 0);
  }

  /** This replica started (`true`) or stopped leading. */
  setLeader(leading: boolean): void {
    this.#leader.set(leading ? 1 : 0);
    this.#leadershipChanges.inc({ change: leading ? 'started' : 'stopped' });
  }

  /** A GitOps sync finished: how many files compiled, and what it did to each object. */
  synced(files: { compiled: number; failed: number }, actions: readonly string[]): void {
    this.#syncs.inc({ result: 'ok' });
    this.#syncFailing.set(0);
    this.#syncFiles.set({ result: 'compiled' }, files.compiled);
    this.#syncFiles.set({ result: 'failed' }, files.failed);
    for (const action of actions) if (action !== 'unchanged') this.#syncObjects.inc({ action });
  }

  /** A GitOps sync failed before changing anything. */
  syncFailed(): void {
    this.#syncs.inc({ result: 'failed' });
    this.#syncFailing.set(1);
  }

  /** The guardian evaluated an abort condition. */
  guardEvaluated(type: string, result: string, lateSeconds: number): void {
    this.#guardEvaluations.inc({ type, result });
    this.#guardLateness.observe({ type }, lateSeconds);
  }

  /** The guardian stopped a run of experiment `workflowId` because `condition` held. */
  guardAborted(workflowId: string, condition: string): void {
    this.#guardAborts.inc({ workflow_id: workflowId, condition });
    this.#guardLastAbort.set({ workflow_id: workflowId }, Date.now() / 1000);
  }

  /** The guardian refused a guarded run of experiment `workflowId`. */
  guardRefused(workflowId: string): void {
    this.#guardRefusals.inc({ workflow_id: workflowId });
  }

  /** The emergency stop was turned on or off. */
  setEmergencyStop(on: boolean): void {
    this.#emergencyStop.set(on ? 1 : 0);
  }

  /** The emergency stop stopped a run of experiment `workflowId`. */
  emergencyStopped(workflowId: string): void {
    this.#emergencyStops.inc({ workflow_id: workflowId });
  }

  /** The reaper deleted an orphaned engine; `released` when Litmus let it go (chaos reverted) in time. */
  engineReaped(released: boolean): void {
    this.#reapedEngines.inc({ result: released ? 'released' : 'stuck' });
  }

  /** How many guarded runs the guardian watches now. */
  setGuardedRuns(runs: number): void {
    this.#guardedRuns.set(runs);
  }

  /** Every metric in the Prometheus text format. */
  async render(): Promise<RenderedMetrics> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
