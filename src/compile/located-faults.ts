import type { FaultUse } from '../model/fault-use.js';
import type { Flow } from '../model/flow.js';
import { type PathSegment, pathText } from './input-path.js';

/** A fault use and where it sits in the experiment, written as the user wrote it. */
export interface LocatedFault {
  readonly use: FaultUse;
  readonly path: string;
}

/** A fault use as written, before the structural parse: only what the hub checks need, if it is there. */
export interface RawFaultUse {
  readonly fault: string;
  /** The step's name: its own, else the fault's. */
  readonly step: string;
  readonly tunables: Readonly<Record<string, unknown>>;
  /** Its own target, as written, if it has one. */
  readonly target?: unknown;
  /** Where it is, as keys and indexes, e.g. `['faults', 1, 'steps', 0]`. */
  readonly segments: readonly PathSegment[];
  /** Where it is with the step's name, e.g. `faults[1].steps[0] (step "cpu-hog")`, for messages. */
  readonly path: string;
}

/**
 * The fault uses of an experiment that did not parse, found where {@link locateFaults} finds them, so their
 * tunables can still be checked and every problem of a file reported at once.
 */
export function locateRawFaults(flow: unknown): RawFaultUse[] {
  type Item = [use: unknown, segments: PathSegment[]];
  const items: Item[] = Array.isArray(flow)
    ? flow.flatMap((item, index): Item[] =>
        isRecord(item) && item.type === 'parallel' && Array.isArray(item.steps)
          ? item.steps.map((use, inner): Item => [use, ['faults', index, 'steps', inner]])
          : [[item, ['faults', index]]],
      )
    : isRecord(flow) && Array.isArray(flow.tasks)
      ? flow.tasks.map((use, index): Item => [use, ['faults', 'tasks', index]])
      : [];
  return items.flatMap(([use, segments]) => {
    if (!isRecord(use) || typeof use.fault !== 'string' || !isRecord(use.tunables)) return [];
    const step = typeof use.name === 'string' ? use.name : use.fault;
    return [
      {
        fault: use.fault,
        step,
        tunables: use.tunables,
        ...(use.target === undefined ? {} : { target: use.target }),
        segments,
        path: `${pathText(segments)} (step "${step}")`,
      },
    ];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every fault use of a flow with its path, e.g. `faults[1].steps[0] (step "cpu-hog")`. */
export function locateFaults(flow: Flow): LocatedFault[] {
  const at = (use: FaultUse, path: string) => ({ use, path: `${path} (step "${use.name}")` });
  if (flow.type === 'dag') return flow.tasks.map((use, index) => at(use, `faults.tasks[${index}]`));
  return flow.items.flatMap((item, index) =>
    item.type === 'parallel'
      ? item.steps.map((use, inner) => at(use, `faults[${index}].steps[${inner}]`))
      : [at(item, `faults[${index}]`)],
  );
}
