import type { Hub } from '../hub/hub.js';
import { shippedDefault } from '../hub/tunable-value.js';
import { durationIn, secondsIn } from '../model/duration.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { FaultUse } from '../model/fault-use.js';
import { groupsOf } from '../model/flow.js';

/** Time a fault needs beyond its chaos: runner and job start-up, image pulls, Litmus's 180 s status checks. */
const FAULT_OVERHEAD_SECONDS = 300;
/** Time the run needs beyond its faults: installing ChaosExperiments and reading verdicts. */
const RUN_OVERHEAD_SECONDS = 300;
/** Chaos duration assumed for a fault whose hub entry gives none. */
const UNKNOWN_DURATION_SECONDS = 60;

/**
 * The run's `activeDeadlineSeconds`: the experiment's `deadline`, or else {@link estimatedDeadlineSeconds}, so
 * that a stuck engine can never hold a run, and chaos, open forever, after the longest wait for an approval. The
 * exit handler still runs when the deadline passes.
 */
export function deadlineSeconds(spec: ExperimentSpec, hub: Hub): number {
  const approvalWait = spec.approval === undefined ? 0 : secondsIn(spec.approval.timeout);
  return (
    approvalWait +
    (spec.deadline === undefined ? estimatedDeadlineSeconds(spec, hub) : secondsIn(spec.deadline))
  );
}

/**
 * A deadline estimated from the faults: their chaos along the run's longest path plus Litmus's start-up and
 * status checks for each, and the run's own steps, after the wait for the guardian when there is one.
 */
export function estimatedDeadlineSeconds(spec: ExperimentSpec, hub: Hub): number {
  const faults = pathSeconds(spec, (use) => faultSeconds(use, hub) + FAULT_OVERHEAD_SECONDS);
  const guardianWait = spec.abortWhen === undefined ? 0 : secondsIn(spec.guardianTimeout);
  return guardianWait + faults + RUN_OVERHEAD_SECONDS;
}

/**
 * How long the run's chaos lasts at the least, along its longest path (a sequence: the sum of each group's
 * longest fault; a DAG: its longest path): a deadline shorter than this ends the run mid-chaos.
 */
export function chaosSeconds(spec: ExperimentSpec, hub: Hub): number {
  return pathSeconds(spec, (use) => faultSeconds(use, hub));
}

function pathSeconds(spec: ExperimentSpec, cost: (use: FaultUse) => number): number {
  return spec.faults.type === 'sequence'
    ? groupsOf(spec.faults).reduce((sum, group) => sum + Math.max(...group.map(cost)), 0)
    : longestPath(spec.faults.tasks, cost);
}

function faultSeconds(use: FaultUse, hub: Hub): number {
  const duration = tunableSeconds(use, hub, 'totalChaosDuration') ?? UNKNOWN_DURATION_SECONDS;
  return duration + 2 * (tunableSeconds(use, hub, 'rampTime') ?? 0);
}

/**
 * A duration tunable of a fault use in seconds: as the step sets it, else as the hub's ChaosExperiment ships
 * it; undefined when neither says.
 */
export function tunableSeconds(use: FaultUse, hub: Hub, name: string): number | undefined {
  const given = use.tunables[name];
  if (typeof given === 'string') return durationIn(given, 's');
  const tunable = hub.faults.get(use.fault)?.tunables.find((candidate) => candidate.name === name);
  const shipped = tunable === undefined ? undefined : shippedDefault(tunable);
  const seconds = Number(shipped);
  return shipped !== undefined && Number.isFinite(seconds) ? seconds : undefined;
}

function longestPath(tasks: readonly FaultUse[], cost: (use: FaultUse) => number): number {
  const byName = new Map(tasks.map((task) => [task.name, task]));
  const finish = new Map<string, number>();
  const finishOf = (task: FaultUse): number => {
    const known = finish.get(task.name);
    if (known !== undefined) return known;
    const start = Math.max(
      0,
      ...(task.after ?? []).map((name) => {
        const dependency = byName.get(name);
        return dependency === undefined ? 0 : finishOf(dependency);
      }),
    );
    const end = start + cost(task);
    finish.set(task.name, end);
    return end;
  };
  return Math.max(...tasks.map(finishOf));
}
