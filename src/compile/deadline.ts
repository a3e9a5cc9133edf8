import type { Hub } from '../hub/hub.js';
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
 * The run's `activeDeadlineSeconds`: the experiment's `deadline`, or else an estimate from its faults'
 * durations (sequence: sum of each group's longest fault; DAG: longest path), so that a stuck engine can
 * never hold a run, and chaos, open forever. The exit handler still runs when the deadline passes.
 */
export function deadlineSeconds(spec: ExperimentSpec, hub: Hub): number {
  if (spec.deadline !== undefined) return secondsIn(spec.deadline);
  const cost = (use: FaultUse) => faultSeconds(use, hub) + FAULT_OVERHEAD_SECONDS;
  const faults = Array.isArray(spec.faults)
    ? groupsOf(spec.faults).reduce((sum, group) => sum + Math.max(...group.map(cost)), 0)
    : longestPath(spec.faults.tasks, cost);
  return faults + RUN_OVERHEAD_SECONDS;
}

function faultSeconds(use: FaultUse, hub: Hub): number {
  const seconds = (tunableName: string, fallback: number) => {
    const given = use.tunables[tunableName];
    if (typeof given === 'string') return durationIn(given, 's') ?? fallback;
    const tunable = hub.faults.get(use.fault)?.tunables.find((candidate) => candidate.name === tunableName);
    const shipped = Number(tunable?.default ?? tunable?.codeDefault);
    return Number.isFinite(shipped) ? shipped : fallback;
  };
  return seconds('totalChaosDuration', UNKNOWN_DURATION_SECONDS) + 2 * seconds('rampTime', 0);
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
