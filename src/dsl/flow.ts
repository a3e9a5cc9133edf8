import type { FaultStep } from './fault.js';

/** Faults that run at the same time. */
export interface ParallelGroup {
  readonly type: 'parallel';
  readonly steps: FaultStep[];
}

/** Faults wired by dependencies. */
export interface DagFlow {
  readonly type: 'dag';
  readonly tasks: FaultStep[];
}

/** One item of a sequence: a fault or a group of faults that run together. */
export type SequenceItem = FaultStep | ParallelGroup;

/** The faults of an experiment: items that run one after another, or a DAG. */
export type Flow = readonly SequenceItem[] | DagFlow;

/**
 * Runs faults at the same time; the next item of the sequence starts when all of them have ended.
 * @example parallel(faults.podCpuHog(), faults.podMemoryHog())
 */
export function parallel(...steps: FaultStep[]): ParallelGroup {
  return { type: 'parallel', steps };
}

/**
 * Runs items one after another. A plain array means the same; this reads better when nested in variables.
 * @example sequence(faults.podDelete(), parallel(faults.podCpuHog(), faults.podMemoryHog()))
 */
export function sequence(...items: SequenceItem[]): SequenceItem[] {
  return items;
}

/**
 * Runs faults as a DAG: each starts once every step it comes {@link after} has ended (passed or not),
 * and faults without dependencies start at once.
 * @example dag(kill, slow, after([kill, slow], faults.podCpuHog()))
 */
export function dag(...tasks: FaultStep[]): DagFlow {
  return { type: 'dag', tasks };
}

/** Makes `step` wait, inside a {@link dag}, for the given steps (or step names) to end. */
export function after(
  dependencies: FaultStep | string | readonly (FaultStep | string)[],
  step: FaultStep,
): FaultStep {
  const list = Array.isArray(dependencies) ? dependencies : [dependencies];
  return {
    ...step,
    after: list.map((dependency: FaultStep | string) =>
      typeof dependency === 'string' ? dependency : stepName(dependency),
    ),
  };
}

/** The name a step will have in the workflow. */
function stepName(step: FaultStep): string {
  return step.name ?? step.fault;
}
