import { randomBytes } from 'node:crypto';
import { changeBetween, specHashOf } from './change.js';
import type { TriggerCluster, TriggerEvent, WorkloadRef } from './cluster.js';
import { KeyedQueue } from './keyed-queue.js';
import { OPT_IN_ANNOTATIONS, type OptInOptions, optInOf } from './opt-in.js';
import type { FireKind, SkipReason } from './outcomes.js';
import { type EventTrackerPolicy, policyPasses } from './policy.js';
import { TriggerRefused } from './refusal.js';
import { RevisionStore } from './revision-store.js';
import { rolloutComplete } from './rollout.js';
import { runName } from './run-name.js';
import { targetLabelOf } from './target-label.js';
import { TemplateFinder } from './template-finder.js';
import type { SubmitResult, TriggerKind, TriggerRequest } from './trigger-request.js';
import { type TriggerableTemplate, triggeredWorkflow } from './triggered-workflow.js';
import type { WatchedWorkload } from './workload.js';

/** Where the controller reports what it did. */
export interface TriggerReporter {
  fired(kind: FireKind): void;
  skipped(reason: SkipReason): void;
  observeSubmit(seconds: number): void;
  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
}

/** How the controller decides. */
export interface ControllerOptions extends OptInOptions {
  /** Wait for the new revision's rollout to complete before starting chaos. @defaultValue true */
  readonly rolloutGate?: boolean;
  /** Give up waiting for a rollout after this many milliseconds, recording a skipped trigger. */
  readonly rolloutTimeoutMs: number;
  /** Least time between two runs started for one workload, in milliseconds. */
  readonly cooldownMs: number;
}

/** Workloads handled at once; the API server, not the service, is the limit. */
const CONCURRENCY = 16;

interface Pending {
  readonly kind: TriggerKind;
  /** Hash of the spec that made this revision; later generations with the same spec are the same change. */
  readonly spec: string;
  readonly experimentId: string;
  readonly revision: number;
  readonly changes: readonly string[];
  readonly seenAt: number;
  workload: WatchedWorkload;
}

/**
 * Decides, for every version of every watched workload, whether chaos starts: opted-in workloads only, on a
 * new desired-state revision only, narrowed by policies, after the rollout, at most once per revision
 * (a deterministic Workflow name), and never more often than the cooldown. Each workload's changes are
 * handled one at a time, in the order the informers deliver them; different workloads side by side.
 */
export class TriggerController {
  private readonly handled: RevisionStore;
  private readonly templates: TemplateFinder;
  private readonly handledObjects = new Map<string, WatchedWorkload>();
  private readonly pending = new Map<string, Pending>();
  private readonly lastFired = new Map<string, number>();
  private policies: readonly EventTrackerPolicy[] = [];
  private paused = false;
  private emergencyStop: { readonly reason: string } | undefined;
  private readonly queue = new KeyedQueue(CONCURRENCY);

  constructor(
    private readonly cluster: TriggerCluster,
    private readonly reporter: TriggerReporter,
    private readonly options: ControllerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.handled = new RevisionStore(cluster, (error) =>
      reporter.log('error', 'cannot save the handled revisions; will retry on the next change', {
        error: String(error),
      }),
    );
    this.templates = new TemplateFinder(cluster, now);
  }

  /** Loads the revisions handled before a restart, so a change made while down is neither lost nor repeated. */
  async restore(): Promise<void> {
    await this.handled.load();
  }

  /** Replaces the EventTrackerPolicies in force. */
  setPolicies(policies: readonly EventTrackerPolicy[]): void {
    this.policies = policies;
  }

  /** Pauses or resumes every trigger (the kill switch). */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** The emergency stop, with why, or none: while it is on, requests are refused too. */
  setEmergencyStop(stop: { readonly reason: string } | undefined): void {
    this.emergencyStop = stop;
  }

  /** A workload was added or updated. */
  observe(kind: TriggerKind, workload: WatchedWorkload): Promise<void> {
    return this.enqueue(workload.metadata.uid ?? '', () => this.handle(kind, workload));
  }

  /** A workload was deleted: forget it. */
  forget(workload: WatchedWorkload): Promise<void> {
    const uid = workload.metadata.uid;
    if (uid === undefined) return Promise.resolve();
    return this.enqueue(uid, async () => this.forgetNow(uid));
  }

  /**
   * Drops all state of a workload: deleted, or not (or no longer) opted in. If it opts in again, that is its
   * first sight, and only changes after it count. (So the watches need not keep more of a workload that has
   * not opted in than its identity and annotations.)
   */
  private forgetNow(uid: string): void {
    this.pending.delete(uid);
    this.handledObjects.delete(uid);
    this.handled.delete(uid);
  }

  /**
   * Runs an experiment for a CD system (`POST /v1/trigger`) at once, with no rollout gate: the caller says
   * the release is ready. The workload must exist and have opted in as a chaos target, exactly as for
   * watched changes; the same request (workflow id, target, revision) starts one run.
   * @throws {@link TriggerRefused} when it cannot run as asked.
   */
  submitRequest(request: TriggerRequest): Promise<SubmitResult> {
    const { namespace, kind, name } = request.target;
    return this.queue.run(`request:${namespace}/${kind}/${name}`, () => this.runRequest(request));
  }

  /** Re-checks waiting triggers: rollouts that finished or timed out, cooldowns that passed. */
  async tick(): Promise<void> {
    await Promise.all(
      [...this.pending].map(([uid, pending]) =>
        this.enqueue(uid, async () => {
          if (this.pending.get(uid) === pending) await this.advance(pending);
        }),
      ),
    );
  }

  /** Waits until everything queued so far is done and its state is saved. */
  async idle(): Promise<void> {
    await this.queue.idle();
    await this.handled.flushed();
  }

  private async runRequest(request: TriggerRequest): Promise<SubmitResult> {
    if (this.emergencyStop !== undefined) {
      throw new TriggerRefused(
        'emergency-stop',
        `the emergency stop is on (${this.emergencyStop.reason}): no run starts until it is lifted (chaosflow stop --lift, or POST /v1/resume)`,
      );
    }
    const { target } = request;
    const workload = await this.cluster.readWorkload(target);
    const where = `${target.kind} ${target.namespace}/${target.name}`;
    if (workload === undefined) throw new TriggerRefused('no-workload', `there is no ${where}`);
    const targetAnnotation = this.options.targetAnnotation ?? OPT_IN_ANNOTATIONS.chaos;
    if (workload.metadata.annotations?.[targetAnnotation] !== 'true') {
      throw new TriggerRefused(
        'not-opted-in',
        `${where} is not opted in as a chaos target; annotate it ${targetAnnotation}: "true"`,
      );
    }
    const template = await this.templates.templateFor(request.workflowId);
    const label = target.label ?? targetLabelOf(workload);
    if (label === undefined)
      throw new TriggerRefused(
        'no-target-label',
        `${where} has no selector label to target it by; give target.label`,
      );
    const revision = request.revision ?? `${this.now()}-${randomBytes(4).toString('hex')}`;
    const name = runName({
      subject: `${target.namespace}/${target.kind}/${target.name}`,
      revision,
      experimentId: request.workflowId,
    });
    const uid = workload.metadata.uid;
    const workflow = triggeredWorkflow({
      name,
      workflowId: request.workflowId,
      template,
      target: { ...target, label, ...(uid === undefined ? {} : { uid }) },
      revision,
      source: 'http',
      parameters: request.parameters,
    });
    const created = (await this.cluster.createWorkflow(workflow)) === 'created';
    if (created) {
      const message = `started Workflow ${template.namespace}/${name} from template ${template.name} on request (revision ${revision})`;
      this.record(refOf(target.kind, workload), {
        type: 'Normal',
        reason: 'ChaosTriggered',
        message,
      });
    }
    return { workflowName: name, namespace: template.namespace, created };
  }

  /** Queues work for one workload; a failure is logged, and the next change or tick tries again. */
  private enqueue(key: string, work: () => Promise<void>): Promise<void> {
    return this.queue.run(key, work).catch((error: unknown) => {
      this.reporter.log('error', 'trigger failed', { error: String(error) });
    });
  }

  private async handle(kind: TriggerKind, workload: WatchedWorkload): Promise<void> {
    const uid = workload.metadata.uid;
    const generation = workload.metadata.generation;
    if (uid === undefined || generation === undefined) return;
    const optIn = optInOf(workload.metadata.annotations, this.options);
    if (optIn.kind === 'not-annotated') return this.forgetNow(uid);
    const last = this.handled.get(uid);
    if (last === undefined) {
      // First seen opted in: remember where it stands, so only later changes count.
      this.pending.delete(uid);
      this.markHandled(uid, generation, workload);
      return;
    }
    const waiting = this.pending.get(uid);
    const spec = specHashOf(workload);
    if (waiting !== undefined && (generation <= waiting.revision || spec === waiting.spec)) {
      waiting.workload = workload;
      await this.advance(waiting);
      return;
    }
    if (generation <= last.revision) return;
    if (waiting === undefined && spec === last.spec) {
      this.markHandled(uid, generation, workload);
      return;
    }
    if (optIn.kind === 'refused') {
      await this.skip(kind, workload, 'refused', optIn.reason, generation);
      return;
    }
    await this.accept(kind, workload, optIn.experimentId, generation, waiting);
  }

  private async accept(
    kind: TriggerKind,
    workload: WatchedWorkload,
    experimentId: string,
    generation: number,
    superseded: Pending | undefined,
  ): Promise<void> {
    const uid = workload.metadata.uid as string;
    if (superseded !== undefined) {
      await this.skip(
        kind,
        superseded.workload,
        'superseded',
        `revision ${generation} arrived before this one ran`,
      );
    }
    const previous = this.handledObjects.get(uid);
    const change = previous === undefined ? undefined : changeBetween(previous, workload);
    if (previous !== undefined && !this.policiesPass(previous, workload)) {
      await this.skip(kind, workload, 'policy', 'no EventTrackerPolicy matched this change', generation);
      return;
    }
    const pending: Pending = {
      kind,
      spec: specHashOf(workload),
      experimentId,
      revision: generation,
      changes: change?.kinds ?? ['spec'],
      seenAt: this.now(),
      workload,
    };
    this.pending.set(uid, pending);
    await this.advance(pending);
  }

  private policiesPass(previous: WatchedWorkload, current: WatchedWorkload): boolean {
    return (
      this.policies.length === 0 || this.policies.some((policy) => policyPasses(policy, previous, current))
    );
  }

  private async advance(pending: Pending): Promise<void> {
    const { workload } = pending;
    if (this.paused) {
      await this.skip(
        pending.kind,
        workload,
        'paused',
        'triggers are paused (kill switch)',
        pending.revision,
      );
      return;
    }
    const waited = this.now() - pending.seenAt;
    const gated = this.options.rolloutGate !== false && !rolloutComplete(pending.kind, workload);
    if (gated) {
      if (waited >= this.options.rolloutTimeoutMs) {
        const seconds = Math.round(this.options.rolloutTimeoutMs / 1000);
        await this.skip(
          pending.kind,
          workload,
          'rollout-timeout',
          `the rollout did not complete within ${seconds}s`,
          pending.revision,
        );
      }
      return;
    }
    const uid = workload.metadata.uid as string;
    const since = this.now() - (this.lastFired.get(uid) ?? Number.NEGATIVE_INFINITY);
    if (since < this.options.cooldownMs) return;
    await this.fire(pending);
  }

  private async fire(pending: Pending): Promise<void> {
    const { workload, kind, experimentId, revision } = pending;
    const uid = workload.metadata.uid as string;
    const ref = refOf(kind, workload);
    const template = await this.templateOrSkip(pending);
    if (template === undefined) return;
    const label = targetLabelOf(workload);
    if (label === undefined) {
      await this.skip(
        kind,
        workload,
        'invalid-target',
        'the workload has no selector label to target it by',
        revision,
      );
      return;
    }
    const name = runName({ subject: uid, revision: String(revision), experimentId });
    const workflow = triggeredWorkflow({
      name,
      workflowId: experimentId,
      template,
      target: { ...ref, label, uid },
      revision: String(revision),
      source: 'watch',
      changes: pending.changes,
    });
    const outcome = await this.cluster.createWorkflow(workflow);
    this.pending.delete(uid);
    this.markHandled(uid, revision, workload);
    if (outcome === 'exists') {
      this.reporter.skipped('duplicate');
      this.reporter.log('info', 'already triggered', { workload: ref, revision, workflow: name });
      return;
    }
    this.lastFired.set(uid, this.now());
    this.reporter.fired('change');
    this.reporter.observeSubmit((this.now() - pending.seenAt) / 1000);
    const message = `started Workflow ${template.namespace}/${name} from template ${template.name} for revision ${revision} (${pending.changes.join(', ')})`;
    this.reporter.log('info', 'triggered', {
      workload: ref,
      revision,
      workflow: name,
      changes: pending.changes,
    });
    this.record(ref, { type: 'Normal', reason: 'ChaosTriggered', message });
  }

  /** The template to run for a pending change, or `undefined` after recording why there is none to use. */
  private async templateOrSkip(pending: Pending): Promise<TriggerableTemplate | undefined> {
    try {
      return await this.templates.templateFor(pending.experimentId);
    } catch (error) {
      if (!(error instanceof TriggerRefused)) throw error;
      const reason = error.reason === 'fixed-target' ? 'invalid-target' : 'no-template';
      await this.skip(pending.kind, pending.workload, reason, error.message, pending.revision);
      return undefined;
    }
  }

  private async skip(
    kind: TriggerKind,
    workload: WatchedWorkload,
    reason: SkipReason,
    message: string,
    revision?: number,
  ): Promise<void> {
    const uid = workload.metadata.uid as string;
    if (revision !== undefined) {
      if (this.pending.get(uid)?.revision === revision) this.pending.delete(uid);
      this.markHandled(uid, revision, workload);
    }
    const ref = refOf(kind, workload);
    this.reporter.skipped(reason);
    this.reporter.log('warn', 'trigger skipped', { workload: ref, reason, message });
    this.record(ref, {
      type: 'Warning',
      reason: 'ChaosSkipped',
      message: `${reason}: ${message}`,
    });
  }

  private markHandled(uid: string, revision: number, workload: WatchedWorkload): void {
    this.handled.set(uid, { revision, spec: specHashOf(workload) });
    this.handledObjects.set(uid, workload);
  }

  /** Records an Event without holding up the queue; a failure is logged, never fatal. */
  private record(ref: WorkloadRef, event: TriggerEvent): void {
    this.cluster.recordEvent(ref, event).catch((error: unknown) => {
      this.reporter.log('warn', 'cannot record an Event', { workload: ref, error: String(error) });
    });
  }
}

function refOf(kind: TriggerKind, workload: WatchedWorkload): WorkloadRef {
  return {
    kind,
    namespace: workload.metadata.namespace ?? 'default',
    name: workload.metadata.name ?? '',
    ...(workload.metadata.uid === undefined ? {} : { uid: workload.metadata.uid }),
  };
}
