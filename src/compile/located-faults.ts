import type { FaultUse } from '../model/fault-use.js';
import type { Flow } from '../model/flow.js';

/** A fault use and where it sits in the experiment, written as the user wrote it. */
export interface LocatedFault {
  readonly use: FaultUse;
  readonly path: string;
}

/** Every fault use of a flow with its path, e.g. `faults[1].steps[0] (step "cpu-hog")`. */
export function locateFaults(flow: Flow): LocatedFault[] {
  const at = (use: FaultUse, path: string) => ({ use, path: `${path} (step "${use.name}")` });
  if (!Array.isArray(flow)) return flow.tasks.map((use, index) => at(use, `faults.tasks[${index}]`));
  return flow.flatMap((item, index) =>
    item.type === 'parallel'
      ? item.steps.map((use, inner) => at(use, `faults[${index}].steps[${inner}]`))
      : [at(item, `faults[${index}]`)],
  );
}
