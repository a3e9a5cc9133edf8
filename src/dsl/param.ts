import { PARAM_KEY } from '../model/param.js';

/** What a submit-time parameter is: its default, what it changes, and the values it may take. */
export interface ParamOptions<T extends string | number | boolean> {
  /** The value a run gets when none is given at submit; checked at build exactly as a literal would be. */
  readonly default: T;
  /** What the value changes; the Argo UI's submit form shows it. */
  readonly description: string;
  /**
   * The only values allowed at submit: the Argo UI offers them in a list, `chaosflow run` refuses any other, and a
   * run given another fails before any chaos.
   */
  readonly enum?: readonly T[];
}

/**
 * A value a run may be given at submit (`argo submit -p name=value`, the Argo UI's form, `chaosflow run -p`),
 * compiled to a Workflow parameter. It stands, typed as its default, for a fault's tunable, a workload target's
 * namespace, kind, label value or one of its names, or a probe's checked value or timing (url, responseCode,
 * command, comparator value, endpoint, query, selectors, durations, a POST's body), each a whole value. The default
 * and the enum values (every combination with the other params', up to 64) are checked at build as the literals
 * they stand for (hub, structure, blast-radius policy), and RBAC is granted for each. A value given at submit can
 * only be held to the enum: the Argo UI's form and `chaosflow run` offer nothing else, and a run given another
 * (`argo submit -p` takes any text) fails at its first step, before any chaos. A target's field needs an enum;
 * give one wherever a wrong value must not reach Litmus.
 * @example faults.podDelete({ tunables: { totalChaosDuration: param('chaosDuration', { default: '30s', description: 'How long pods are deleted for', enum: ['30s', '60s'] }) } })
 */
export function param<const T extends string | number | boolean>(name: string, options: ParamOptions<T>): T {
  const definition = {
    name,
    default: options.default,
    description: options.description,
    ...(options.enum === undefined ? {} : { enum: [...options.enum] }),
  };
  // Typed as its default so that it fits where the default would; the compiler finds it by its key.
  return { [PARAM_KEY]: definition } as unknown as T;
}
