import { parseDuration } from '../model/duration.js';
import type { Guard } from '../model/guard.js';
import { decodeGuards, GUARDIAN_ANSWERS } from '../model/guarded-run.js';
import type { BlastRadiusPolicy } from '../policy/policy.js';
import { BreachStreak } from './breach-streak.js';
import type { GuardianCluster, GuardianReporter } from './ports.js';
import type { ConditionReader, Reading } from './reading.js';
import { isFinished, isRunning, type RunRef, type RunView } from './run.js';
import { isStarting, startRefusal } from './start-policy.js';

/** How the guardian is tuned. */
export interface GuardianOptions {
  /** Wait between attempts at an answer or a stop the API server refused. @defaultValue 2000 */
  readonly retryMs?: number;
  /** The blast-radius policy runs must keep when they start (windows, runs per namespace). */
  readonly policy?: BlastRadiusPolicy;
}

/** A guarded run the guardian watches: its conditions, their timers and how long each has held. */
interface WatchedRun {
  run: RunView;
  readonly guards: readonly Guard[];
  readonly streaks: Map<string, BreachStreak>;
  readonly timers: Set<NodeJS.Timeout>;
  /** Cancels evaluations in flight when the run is let go. */
  readonly cancel: AbortController;
  /** `watching` while its conditions are evaluated; `stopping` until the stop is seen; then `released`. */
  state: 'watching' | 'stopping' | 'released';
}

/**
 * Watches every running chaosflow run that declares abort conditions, however it was started: it answers the
 * run's wait (`watching`, or `refused` when the conditions cannot be read), evaluates each condition every
 * `every`, and stops the run once a condition has held for its `for`, saying why on the run, in an Event and
 * in a metric. A run is let go when it ends, is stopped or disappears.
 */
export class Guardian {
  private readonly runs = new Map<string, WatchedRun>();
  /** Every run in scope that has not ended, guarded or not: what an emergency stop stops. */
  private readonly live = new Map<string, RunView>();
  /** Runs stopped by the emergency stop or the policy, so that each is stopped once. */
  private readonly stopsSent = new Set<string>();
  private emergency: { readonly reason: string } | undefined;
  /** Runs refused, so that a refusal is written once, not on every event until the watch shows it. */
  private readonly refused = new Set<string>();
  /** Runs whose start the policy has judged: at first sight, or once an approval they waited for was given. */
  private readonly judged = new Set<string>();
  private readonly retryMs: number;
  private readonly policy: BlastRadiusPolicy | undefined;

  constructor(
    private readonly cluster: GuardianCluster,
    private readonly read: ConditionReader,
    private readonly reporter: GuardianReporter,
    options: GuardianOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 2000;
    this.policy = options.policy;
  }

  /**
   * Takes in a run as the watch saw it last: starts watching it, keeps watching, or lets it go; during an
   * emergency stop, stops it if it runs.
   */
  observe(run: RunView): void {
    if (isFinished(run)) this.live.delete(run.uid);
    else this.live.set(run.uid, run);
    if (this.stoppedOnSight(run)) return;
    const watched = this.runs.get(run.uid);
    if (watched !== undefined) watched.run = run;
    if (!needsWatching(run)) {
      if (watched !== undefined) this.release(watched);
      if (isFinished(run)) {
        this.refused.delete(run.uid);
        this.judged.delete(run.uid);
      }
      return;
    }
    if (watched === undefined) this.watch(run);
  }

  /** Takes in every run in scope after a fresh list: observes each, and lets go of the runs not among them. */
  resync(runs: readonly RunView[]): void {
    const present = new Set(runs.map((run) => run.uid));
    for (const uid of new Set([...this.runs.keys(), ...this.live.keys()]))
      if (!present.has(uid)) this.forget(uid);
    for (const run of runs) this.observe(run);
  }

  /** Lets go of a run that is gone. */
  forget(uid: string): void {
    const watched = this.runs.get(uid);
    if (watched !== undefined) this.release(watched);
    this.refused.delete(uid);
    this.judged.delete(uid);
    this.live.delete(uid);
    this.stopsSent.delete(uid);
  }

  /**
   * Turns the emergency stop on (with why) or off. On: every running run is stopped, and every run seen running
   * from now on, until it is turned off.
   */
  setEmergencyStop(stop: { readonly reason: string } | undefined): void {
    const engaged = stop !== undefined && this.emergency === undefined;
    this.emergency = stop;
    if (stop === undefined) {
      this.stopsSent.clear();
      return;
    }
    if (engaged)
      this.reporter.log('warn', 'emergency stop: stopping every running run', { reason: stop.reason });
    for (const run of this.live.values())
      if (isRunning(run)) this.stopRun(run, `emergency stop: ${stop.reason}`, 'ChaosEmergencyStop');
  }

  /**
   * Takes in a run that an engine of chaos names, which may be one the run watch never sees (a pipeline calling a
   * ClusterWorkflowTemplate through templateRef): during an emergency stop, it is stopped too.
   */
  observeChaos(run: RunRef & Pick<RunView, 'experiment'>): void {
    if (this.emergency === undefined) return;
    this.stopRun(run, `emergency stop: ${this.emergency.reason}`, 'ChaosEmergencyStop');
  }

  /**
   * Whether the run is stopped (or refused) as soon as seen: by the emergency stop, or by the policy when it
   * starts (once: when first seen, or, for a run that waits for an approval, once it has it).
   */
  private stoppedOnSight(run: RunView): boolean {
    if (this.emergency !== undefined && isRunning(run)) {
      this.stopRun(run, `emergency stop: ${this.emergency.reason}`, 'ChaosEmergencyStop');
      return true;
    }
    if (this.judged.has(run.uid) || run.awaitingApproval === true) return false;
    this.judged.add(run.uid);
    return this.refusedAtStart(run);
  }

  /**
   * Whether the policy forbids a run that is starting now, which is then refused (a guarded run, before its
   * chaos) or stopped (any other).
   */
  private refusedAtStart(run: RunView): boolean {
    const now = new Date();
    if (this.policy === undefined || !isStarting(run, now)) return false;
    const why = startRefusal(run, this.live.values(), this.policy, now);
    if (why === undefined) return false;
    const reason = `blast-radius policy: ${why}`;
    if (run.conditions !== undefined && run.answer === undefined) this.refuse(run, reason);
    else this.stopRun(run, reason, 'ChaosRefused');
    return true;
  }

  /** Lets go of every run: the service is stopping. */
  stop(): void {
    for (const watched of this.runs.values()) this.release(watched);
  }

  /** How many runs are watched now. */
  get watchedRuns(): number {
    return [...this.runs.values()].filter((watched) => watched.state === 'watching').length;
  }

  private watch(run: RunView): void {
    if (this.refused.has(run.uid)) return;
    const decoded = decodeGuards(run.conditions ?? '');
    if (!decoded.ok) {
      const problems = decoded.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      this.refuse(run, `its abort conditions cannot be read: ${problems}`);
      return;
    }
    const watched: WatchedRun = {
      run,
      guards: decoded.guards,
      streaks: new Map(decoded.guards.map((guard) => [guard.name, new BreachStreak(guard)])),
      timers: new Set(),
      cancel: new AbortController(),
      state: 'watching',
    };
    this.runs.set(run.uid, watched);
    this.reporter.watching(this.watchedRuns);
    this.reporter.log('info', 'watching a guarded run', {
      ...identify(run),
      conditions: watched.guards.length,
    });
    if (run.answer !== GUARDIAN_ANSWERS.watching) {
      const answer = () => this.cluster.answer(run, GUARDIAN_ANSWERS.watching);
      void this.persist(run, answer, 'answer', () => watched.state === 'watching');
    }
    for (const guard of watched.guards) this.schedule(watched, guard, 0);
  }

  /** Stops a run now, once, saying why on it and in an Event. */
  private stopRun(
    run: RunRef & Pick<RunView, 'experiment'>,
    reason: string,
    event: 'ChaosEmergencyStop' | 'ChaosRefused',
  ): void {
    if (this.stopsSent.has(run.uid)) return;
    this.stopsSent.add(run.uid);
    const watched = this.runs.get(run.uid);
    if (watched !== undefined) this.stopEvaluating(watched, 'stopping');
    const stillWanted = () => this.stopsSent.has(run.uid);
    const stop = () => this.cluster.stop(run, `${reason} (${new Date().toISOString()})`);
    void this.persist(run, stop, 'stop', stillWanted)
      .then(async (landed) => {
        if (!landed) return;
        if (event === 'ChaosEmergencyStop') this.reporter.emergencyStopped(run.experiment);
        else this.reporter.refused(run.experiment);
        this.reporter.log('warn', 'stopped a run', { ...identify(run), reason });
        await this.cluster.recordEvent(run, { type: 'Warning', reason: event, message: reason });
      })
      .catch((error: unknown) =>
        this.reporter.log('warn', 'could not record an Event', { ...identify(run), error: String(error) }),
      );
  }

  private refuse(run: RunView, reason: string): void {
    this.refused.add(run.uid);
    this.reporter.refused(run.experiment);
    this.reporter.log('warn', 'refused a guarded run', { ...identify(run), reason });
    void this.cluster
      .answer(run, GUARDIAN_ANSWERS.refused, reason)
      .then(() => this.cluster.recordEvent(run, { type: 'Warning', reason: 'ChaosRefused', message: reason }))
      .catch((error: unknown) =>
        this.reporter.log('error', 'could not refuse a run', { ...identify(run), error: String(error) }),
      );
  }

  private schedule(watched: WatchedRun, guard: Guard, delayMs: number): void {
    if (watched.state !== 'watching') return;
    const due = Date.now() + delayMs;
    const timer = setTimeout(() => {
      watched.timers.delete(timer);
      void this.evaluate(watched, guard, due);
    }, delayMs);
    watched.timers.add(timer);
  }

  private async evaluate(watched: WatchedRun, guard: Guard, due: number): Promise<void> {
    const reading = await this.read(guard, watched.cancel.signal);
    if (watched.state !== 'watching') return;
    this.reporter.evaluated(guard.type, reading.state, (Date.now() - due) / 1000);
    const verdict = watched.streaks.get(guard.name)?.observe(reading, Date.now());
    if (verdict?.abort === true) await this.abort(watched, guard, reading, verdict.heldMs);
    else this.schedule(watched, guard, parseDuration(guard.every) ?? 10_000);
  }

  private async abort(watched: WatchedRun, guard: Guard, reading: Reading, heldMs: number): Promise<void> {
    const { run } = watched;
    this.stopEvaluating(watched, 'stopping');
    const state =
      reading.state === 'unavailable' ? 'could not be evaluated (whenUnavailable: abort)' : 'held';
    const duration = heldMs === 0 ? '' : ` for ${Math.round(heldMs / 1000)}s`;
    const reason = `abort condition "${guard.name}" ${state}${duration}: ${reading.detail}`;
    this.reporter.log('warn', 'stopping a run: an abort condition held', { ...identify(run), reason });
    const stamped = `${reason} (${new Date().toISOString()})`;
    const stop = () => this.cluster.stop(run, stamped);
    if (!(await this.persist(run, stop, 'stop', () => watched.state !== 'released'))) return;
    this.reporter.aborted(run.experiment, guard.name);
    await this.cluster
      .recordEvent(run, { type: 'Warning', reason: 'ChaosAborted', message: reason })
      .catch((error: unknown) =>
        this.reporter.log('warn', 'could not record an Event', { ...identify(run), error: String(error) }),
      );
  }

  /** Runs `write` until the API server takes it, every `retryMs`, while `wanted` holds. True when it landed. */
  private async persist(
    run: RunRef,
    write: () => Promise<void>,
    what: string,
    wanted: () => boolean,
  ): Promise<boolean> {
    for (;;) {
      try {
        await write();
        return true;
      } catch (error) {
        this.reporter.log('error', `could not ${what} a run; retrying`, {
          ...identify(run),
          error: String(error),
          retryInMs: this.retryMs,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      if (!wanted()) return false;
    }
  }

  /** Ends a run's evaluations; a run being stopped stays known until the watch shows it stopped. */
  private stopEvaluating(watched: WatchedRun, next: 'stopping' | 'released'): void {
    watched.state = next;
    watched.cancel.abort();
    for (const timer of watched.timers) clearTimeout(timer);
    watched.timers.clear();
    this.reporter.watching(this.watchedRuns);
  }

  private release(watched: WatchedRun): void {
    if (watched.state === 'released') return;
    this.stopEvaluating(watched, 'released');
    this.runs.delete(watched.run.uid);
  }
}

/**
 * A run is watched while it declares conditions, has not been refused or stopped, and has not ended, from when any
 * approval it waits for is given: until then its `wait-for-guardian` step is not reached, and the policy not judged.
 */
function needsWatching(run: RunView): boolean {
  return (
    run.conditions !== undefined &&
    run.awaitingApproval !== true &&
    run.answer !== GUARDIAN_ANSWERS.refused &&
    run.shutdown === undefined &&
    !isFinished(run)
  );
}

function identify(run: RunRef & { readonly experiment?: string }): Record<string, string> {
  return {
    namespace: run.namespace,
    workflow: run.name,
    ...(run.experiment === undefined ? {} : { experiment: run.experiment }),
  };
}
