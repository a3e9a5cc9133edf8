/** A ChaosEngine of a chaosflow run, as the reaper sees it. */
export interface EngineView {
  readonly namespace: string;
  readonly name: string;
  /** The uid of the run that made it (label `workflow_run_id`). */
  readonly runUid: string;
  /** The run that made it, from its annotation; none on engines compiled before the annotation existed. */
  readonly run?: { readonly namespace: string; readonly name: string };
  /** The `workflow_id` of its experiment (label `context`). */
  readonly experiment: string;
  /** Someone deletes it already (it has a deletionTimestamp): Litmus is reverting it. */
  readonly deleting: boolean;
}

/** Where an engine's run is: still running, ended (its exit handler done or skipped), or gone. */
export type RunState = 'running' | 'ended' | 'gone';

/** What the reaper needs from the cluster. */
export interface ReaperCluster {
  /** Every engine of a chaosflow run in scope. */
  listEngines(): Promise<EngineView[]>;
  /** The state of the run of that name if it is still the run of that uid, else `gone`. */
  runState(run: { readonly namespace: string; readonly name: string }, uid: string): Promise<RunState>;
  /** Deletes the engine: Litmus's operator then aborts and reverts its chaos, and releases it. */
  deleteEngine(engine: EngineView): Promise<void>;
  engineExists(engine: EngineView): Promise<boolean>;
  recordEvent(engine: EngineView, event: { type: 'Normal' | 'Warning'; message: string }): Promise<void>;
}

/** One engine the reaper deleted: why, and whether Litmus released it in time. */
export interface Reaped {
  readonly engine: string;
  readonly why: string;
  readonly released: boolean;
  readonly seconds: number;
}

/** What the reaper tells its owner. */
export interface ReaperReporter {
  reaped(result: Reaped): void;
  /**
   * An engine whose run still runs. Its run may be one the run watch does not see, such as a pipeline that calls
   * a ClusterWorkflowTemplate: the emergency stop stops those too.
   */
  chaosRunning(run: ChaosRun): void;
  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
}

/** A run that an engine names as its own, with the experiment the engine belongs to. */
export interface ChaosRun {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly experiment: string;
}

/** How the reaper is tuned. */
export interface ReaperOptions {
  /** How long Litmus may take to release a deleted engine (it waits up to 180 s for chaos pods). @defaultValue 300000 */
  readonly releaseTimeoutMs?: number;
  readonly pollMs?: number;
}

/**
 * Deletes the ChaosEngines whose run has ended or is gone: Argo skips the exit handler on `argo terminate` and
 * when the Workflow is deleted, so the engines (and the chaos) would outlive the run. Each sweep lists the
 * engines, asks after each engine's run, deletes the orphans, and waits until Litmus has released each (its
 * finalizer gone: chaos reverted), recording an Event on the engine either way. Engines already being deleted
 * are left to whoever deletes them.
 */
export class Reaper {
  /** Engines being reaped now, by `<namespace>/<name>`, so that overlapping sweeps never reap one twice. */
  private readonly inFlight = new Set<string>();
  private readonly releaseTimeoutMs: number;
  private readonly pollMs: number;
  private interval: NodeJS.Timeout | undefined;
  private nudge: NodeJS.Timeout | undefined;

  constructor(
    private readonly cluster: ReaperCluster,
    private readonly reporter: ReaperReporter,
    options: ReaperOptions = {},
  ) {
    this.releaseTimeoutMs = options.releaseTimeoutMs ?? 300_000;
    this.pollMs = options.pollMs ?? 2000;
  }

  /** Sweeps now (the orphans a restart left), then every `intervalMs`. */
  start(intervalMs: number): void {
    void this.sweepReporting();
    this.interval = setInterval(() => void this.sweepReporting(), intervalMs);
  }

  /** Sweeps shortly: a run has just ended or vanished. Nudges close together make one sweep. */
  soon(delayMs = 2000): void {
    if (this.nudge !== undefined) return;
    this.nudge = setTimeout(() => {
      this.nudge = undefined;
      void this.sweepReporting();
    }, delayMs);
  }

  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.nudge);
  }

  private async sweepReporting(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.reporter.log('warn', 'reaper sweep failed; the next one retries', { error: String(error) });
    }
  }

  /** One sweep: resolves once every orphan found is released or given up on. */
  async sweep(): Promise<Reaped[]> {
    const engines = await this.cluster.listEngines();
    const orphans = await this.orphansAmong(engines);
    return Promise.all(orphans.map(({ engine, why }) => this.reap(engine, why)));
  }

  private async orphansAmong(engines: readonly EngineView[]): Promise<{ engine: EngineView; why: string }[]> {
    const found: { engine: EngineView; why: string }[] = [];
    for (const engine of engines) {
      if (engine.deleting || engine.run === undefined || this.inFlight.has(keyOf(engine))) continue;
      const state = await this.cluster.runState(engine.run, engine.runUid);
      if (state === 'running') {
        this.reporter.chaosRunning({ ...engine.run, uid: engine.runUid, experiment: engine.experiment });
        continue;
      }
      // Claimed here, after the wait, so that a sweep running alongside never takes the same engine.
      if (this.inFlight.has(keyOf(engine))) continue;
      this.inFlight.add(keyOf(engine));
      const run = `${engine.run.namespace}/${engine.run.name}`;
      const why = state === 'ended' ? `its run ${run} ended without deleting it` : `its run ${run} is gone`;
      found.push({ engine, why });
    }
    return found;
  }

  private async reap(engine: EngineView, why: string): Promise<Reaped> {
    const key = keyOf(engine);
    const started = Date.now();
    try {
      await this.cluster.deleteEngine(engine);
      const released = await this.released(engine, started);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const result = { engine: key, why, released, seconds };
      this.reporter.reaped(result);
      await this.cluster
        .recordEvent(engine, {
          type: released ? 'Normal' : 'Warning',
          message: released
            ? `chaosflow deleted this engine because ${why}; Litmus released it (chaos reverted) in ${seconds}s`
            : `chaosflow deleted this engine because ${why}; Litmus has not released it after ${seconds}s: check chaos-operator`,
        })
        .catch((error: unknown) =>
          this.reporter.log('warn', 'could not record an Event', { engine: key, error: String(error) }),
        );
      return result;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async released(engine: EngineView, since: number): Promise<boolean> {
    while (Date.now() - since < this.releaseTimeoutMs) {
      if (!(await this.cluster.engineExists(engine))) return true;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    return false;
  }
}

const keyOf = (engine: EngineView) => `${engine.namespace}/${engine.name}`;
