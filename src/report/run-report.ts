import { FAULT_OUTPUTS, SCORE_OUTPUT } from '../compile/names.js';
import { GUARD_ANNOTATIONS } from '../model/guarded-run.js';
import { defined } from './defined.js';
import { faultsOfRun, type RunFault } from './run-faults.js';
import type { EventObject, ResultObject, RunNode, RunObject } from './run-objects.js';

/** Where a fault step is: Litmus's own stages once its engine runs, from the Events its pods record. */
type FaultStage =
  | 'waiting'
  | 'starting'
  | 'pre-chaos check'
  | 'injecting chaos'
  | 'post-chaos check'
  | 'finished'
  | 'skipped';

/**
 * How a run ended: every verdict `Pass`; `chaos-failed`, the chaos ran to the end and some verdict is `Fail`;
 * `incomplete`, it could not run to its verdicts (stopped, aborted by a guard, past its deadline, an error, a
 * verdict of `Stopped` or `Error`); or still `running`.
 */
type RunOutcome = 'running' | 'passed' | 'chaos-failed' | 'incomplete';

/** A probe of a fault, with its status. */
interface ProbeReport {
  readonly name: string;
  readonly type: string;
  readonly mode: string;
  /** `Passed`, `Failed`, `N/A`, `Awaited`, or `Unknown` before Litmus reports it. */
  readonly verdict: string;
  readonly description?: string;
}

/** An Event Litmus recorded on a fault's engine or result. */
interface RunEvent {
  readonly time?: string;
  readonly on: 'engine' | 'result';
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

/** A fault step of a run and what it did. */
export interface FaultReport extends Omit<RunFault, 'probes'> {
  readonly stage: FaultStage;
  /** Litmus's verdict: `Pass`, `Fail`, `Stopped`, `Error`, or `Awaited` while it runs. */
  readonly verdict?: string;
  readonly probeSuccessPercentage?: number;
  /** Why it failed, as Litmus says it (error code and reason). */
  readonly failure?: string;
  readonly probes: readonly ProbeReport[];
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationSeconds?: number;
  readonly events: readonly RunEvent[];
}

/** A chaosflow run, fault by fault: what `chaosflow run` shows and what its reports hold. */
export interface RunReport {
  readonly run: {
    readonly name: string;
    readonly namespace: string;
    readonly uid: string;
    /** The experiment's id (`workflow_id`). */
    readonly experiment: string;
    /** The WorkflowTemplate it was started from. */
    readonly template?: string;
    readonly phase: string;
    readonly message?: string;
    readonly startedAt?: string;
    readonly finishedAt?: string;
    readonly durationSeconds?: number;
    /** When Argo stops it, from its `activeDeadlineSeconds`. */
    readonly deadline?: string;
    /** The resiliency score (0–100) once computed. */
    readonly score?: number;
    /** Why it was stopped: the guardian's reason, or the shutdown asked for. */
    readonly stopped?: string;
    /**
     * For a run with abort conditions: `waiting` for chaosflow's guardian, then its answer (`watching`, or
     * `refused` when it cannot evaluate them).
     */
    readonly guard?: string;
  };
  readonly faults: readonly FaultReport[];
  readonly outcome: RunOutcome;
}

/** A run as it stands, what a report is made of: the run, the ChaosResults and Events in its chaos namespace, and the time now. */
export interface RunSnapshot {
  readonly run: RunObject;
  /** The run's fault steps, when whoever read the run has parsed them already (from its engine manifests). */
  readonly faults?: readonly RunFault[];
  readonly results: readonly ResultObject[];
  readonly events: readonly EventObject[];
  readonly now: Date;
}

/** The report of a run as it stands. */
export function runReport(state: RunSnapshot): RunReport {
  const { run } = state;
  const nodes = Object.values(run.status?.nodes ?? {});
  const results = new Map(state.results.map((result) => [result.metadata.name, result]));
  const running = isRunning(run.status?.phase);
  const faults = (state.faults ?? faultsOfRun(run)).map((fault) =>
    faultReport(fault, {
      node: nodes.find((node) => node.templateName === `fault-${fault.step}`),
      result: results.get(fault.result),
      events: eventsOf(fault, state.events),
      runEnded: !running,
      now: state.now,
    }),
  );
  return { run: runSummary(run, state.now), faults, outcome: outcomeOf(run, faults) };
}

function isRunning(phase: string | undefined): boolean {
  return phase === undefined || phase === '' || phase === 'Pending' || phase === 'Running';
}

function runSummary(run: RunObject, now: Date): RunReport['run'] {
  const { status, spec, metadata } = run;
  const deadlineSeconds =
    spec?.activeDeadlineSeconds ?? status?.storedWorkflowTemplateSpec?.activeDeadlineSeconds;
  return {
    name: metadata.name,
    namespace: metadata.namespace ?? '',
    uid: metadata.uid ?? '',
    experiment: metadata.labels?.workflow_id ?? '',
    phase: status?.phase || 'Pending',
    ...defined({
      template: spec?.workflowTemplateRef?.name,
      message: status?.message || undefined,
      startedAt: status?.startedAt,
      finishedAt: status?.finishedAt || undefined,
      durationSeconds: secondsBetween(status?.startedAt, status?.finishedAt, now),
      deadline: deadlineOf(status?.startedAt, deadlineSeconds),
      score: percentage(outputOf(status?.outputs?.parameters, SCORE_OUTPUT)),
      stopped: stopReasonOf(run),
      guard: guardOf(run),
    }),
  };
}

function deadlineOf(startedAt: string | undefined, seconds: number | undefined): string | undefined {
  if (startedAt === undefined || seconds === undefined) return undefined;
  return new Date(Date.parse(startedAt) + seconds * 1000).toISOString();
}

function guardOf(run: RunObject): string | undefined {
  const annotations = run.metadata.annotations ?? {};
  if (annotations[GUARD_ANNOTATIONS.conditions] === undefined) return undefined;
  return annotations[GUARD_ANNOTATIONS.answer] ?? 'waiting';
}

/** The guardian's reason on the run, or else the shutdown someone asked for. */
function stopReasonOf(run: RunObject): string | undefined {
  const reason = run.metadata.annotations?.[GUARD_ANNOTATIONS.reason];
  if (reason !== undefined) return reason;
  return run.spec?.shutdown === undefined ? undefined : `shutdown: ${run.spec.shutdown}`;
}

interface FaultContext {
  readonly node: RunNode | undefined;
  readonly result: ResultObject | undefined;
  readonly events: readonly RunEvent[];
  readonly runEnded: boolean;
  readonly now: Date;
}

function faultReport(fault: RunFault, context: FaultContext): FaultReport {
  const { node, result, events } = context;
  const status = result?.status?.experimentStatus;
  const outputs = node?.outputs?.parameters;
  return {
    ...fault,
    stage: stageOf(node, events, context.runEnded),
    probes: fault.probes.map((probe) => {
      const reported = result?.status?.probeStatuses?.find((candidate) => candidate.name === probe.name);
      return {
        ...probe,
        verdict: reported?.status?.verdict ?? 'Unknown',
        ...defined({ description: reported?.status?.description || undefined }),
      };
    }),
    events,
    ...defined({
      verdict: (status?.verdict ?? outputOf(outputs, FAULT_OUTPUTS.verdict)) || undefined,
      probeSuccessPercentage: percentage(
        status?.probeSuccessPercentage ?? outputOf(outputs, FAULT_OUTPUTS.probeSuccess),
      ),
      failure: failureOf(status),
      startedAt: node?.startedAt || undefined,
      finishedAt: node?.finishedAt || undefined,
      durationSeconds: secondsBetween(node?.startedAt, node?.finishedAt, context.now),
    }),
  };
}

/** The Litmus Events that say which stage a fault's pod has reached, in the order it reaches them. */
const STAGE_EVENTS: readonly (readonly [reason: string, stage: FaultStage])[] = [
  ['PreChaosCheck', 'pre-chaos check'],
  ['ChaosInject', 'injecting chaos'],
  ['PostChaosCheck', 'post-chaos check'],
];

/**
 * Where a fault is. Litmus records each stage's Event once per engine and bumps it when it repeats (a probe
 * result is a `PreChaosCheck` too), so the furthest stage seen counts, not the latest timestamp.
 */
function stageOf(node: RunNode | undefined, events: readonly RunEvent[], runEnded: boolean): FaultStage {
  if (node === undefined) return runEnded ? 'skipped' : 'waiting';
  if (node.phase === 'Skipped' || node.phase === 'Omitted') return 'skipped';
  if (node.phase === 'Succeeded' || node.phase === 'Failed' || node.phase === 'Error' || runEnded)
    return 'finished';
  const reached = new Set(events.filter((event) => event.on === 'engine').map((event) => event.reason));
  return STAGE_EVENTS.findLast(([reason]) => reached.has(reason))?.[1] ?? 'starting';
}

function failureOf(status: NonNullable<ResultObject['status']>['experimentStatus']): string | undefined {
  const code = status?.errorOutput?.errorCode;
  const reason = status?.errorOutput?.reason;
  if (code || reason) return [code, reason].filter(Boolean).join(': ');
  return status?.failStep || undefined;
}

function eventsOf(fault: RunFault, events: readonly EventObject[]): RunEvent[] {
  return events
    .flatMap((event): RunEvent[] => {
      const name = event.involvedObject?.name;
      const on = name === fault.engine ? 'engine' : name === fault.result ? 'result' : undefined;
      if (on === undefined) return [];
      const time = timeOf(event);
      return [
        {
          ...(time === undefined ? {} : { time }),
          on,
          type: event.type ?? 'Normal',
          reason: event.reason ?? '',
          message: event.message ?? '',
        },
      ];
    })
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
}

function timeOf(event: EventObject): string | undefined {
  const value = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp;
  if (value === undefined || value === null) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}

function outcomeOf(run: RunObject, faults: readonly FaultReport[]): RunOutcome {
  const phase = run.status?.phase;
  if (isRunning(phase)) return 'running';
  const verdicts = faults.map((fault) => fault.verdict);
  if (phase === 'Succeeded' && verdicts.every((verdict) => verdict === 'Pass')) return 'passed';
  const ranToTheEnd = run.spec?.shutdown === undefined && verdicts.every((v) => v === 'Pass' || v === 'Fail');
  return ranToTheEnd && verdicts.includes('Fail') ? 'chaos-failed' : 'incomplete';
}

/** Litmus's percentage, a string that says `Awaited` until there is one. */
function percentage(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

function outputOf(parameters: readonly { name: string; value?: string }[] | undefined, name: string) {
  return parameters?.find((parameter) => parameter.name === name)?.value;
}

function secondsBetween(start: string | undefined, end: string | undefined, now: Date): number | undefined {
  if (!start) return undefined;
  const finished = end ? Date.parse(end) : now.getTime();
  return Math.max(0, Math.round((finished - Date.parse(start)) / 1000));
}
