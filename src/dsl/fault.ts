import type { FaultUseInput } from '../model/fault-use.js';
import type { Target } from '../model/target.js';
import type { ProbeStep } from './probe.js';

/** A fault's weight in the resiliency score: 0 (not counted) to 10. */
export type Weight = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** Options every fault takes; `T` is the fault's typed tunables. */
export interface FaultOptions<T extends object> {
  /** Step name, unique in the experiment; defaults to the fault's name. */
  readonly name?: string;
  /** Values for the fault's tunables; unset tunables keep the hub's defaults. */
  readonly tunables?: T;
  /** Workloads to hit; defaults to the experiment's target. */
  readonly target?: Target;
  /** Weight in the resiliency score. @defaultValue 10 */
  readonly weight?: Weight;
  /** Probes that decide, with the fault's own checks, whether the system stayed healthy. */
  readonly probes?: readonly ProbeStep[];
}

/** A fault step: plain data naming a hub fault and how to run it. */
export type FaultStep<F extends string = string> = FaultUseInput & {
  readonly type: 'fault';
  readonly fault: F;
};

/**
 * A step running any hub fault by name, with untyped tunables: for faults of custom hubs. Faults of the
 * built-in hub have typed builders in `faults`, e.g. `faults.podDelete(...)`. Tunables are checked
 * against the hub either way when the experiment is compiled.
 */
export function fault<F extends string, T extends object = Readonly<Record<string, unknown>>>(
  name: F,
  options: FaultOptions<T> = {},
): FaultStep<F> {
  // Every option is carried through, unknown ones too, so validation can name a misplaced tunable.
  const { tunables, probes, ...step } = options;
  return {
    ...step,
    type: 'fault',
    fault: name,
    tunables: { ...tunables } as Record<string, unknown>,
    ...(probes === undefined ? {} : { probes: [...probes] }),
  };
}
