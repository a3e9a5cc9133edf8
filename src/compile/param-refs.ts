import type { ExperimentSpec } from '../model/experiment.js';
import type { FaultUse } from '../model/fault-use.js';
import type { PathSegment } from './input-path.js';
import type { ParamUse } from './param-uses.js';
import { parameterRef } from './params.js';

/**
 * A fault step as its ChaosEngine is written: each probe field and target field a parameter gives holds the run's
 * parameter (`{{workflow.parameters.NAME}}`), which Argo fills in when it creates the engine. A step without a
 * target of its own takes the experiment's, with the parameters given there. Tunables take theirs as env vars.
 */
export function withParamRefs(spec: ExperimentSpec, use: FaultUse, uses: readonly ParamUse[]): FaultUse {
  const ownTarget = use.target === undefined ? undefined : use.name;
  const fields = uses.flatMap((each) =>
    (each.place === 'probe' && each.step === use.name) || (each.place === 'target' && each.step === ownTarget)
      ? [each]
      : [],
  );
  if (fields.length === 0) return use;
  const copy = structuredClone({ ...use, target: use.target ?? spec.target });
  for (const each of fields) {
    const holder = each.place === 'probe' ? copy.probes[each.probe] : copy.target;
    setAt(holder, each.field, parameterRef(each.param.name));
  }
  return copy;
}

/** Sets the field at `path` inside `object`, which must exist there already (the parameter's default is in it). */
function setAt(object: unknown, path: readonly PathSegment[], value: string): void {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((at, segment) => (at as Record<PathSegment, unknown>)[segment], object);
  const key = path.at(-1);
  if (typeof parent !== 'object' || parent === null || key === undefined || !(key in parent))
    throw new Error(`no field ${path.join('.')} to give a parameter; resolveParams should have refused it`);
  (parent as Record<PathSegment, unknown>)[key] = value;
}
