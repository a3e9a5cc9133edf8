import { z } from '../zod.js';
import { probeSchema } from './probe.js';
import { dnsLabel, intInRange } from './schema-helpers.js';
import { targetSchema } from './target.js';

/** Longest step name: it becomes part of Argo template names and, shortened, of ChaosEngine names. */
const MAX_STEP_NAME = 63;

/** Default weight of a fault in the resiliency score (Litmus's default). */
const DEFAULT_WEIGHT = 10;

/**
 * One use of a hub fault in an experiment: which fault, its tunables (checked against the hub when
 * compiling), its target, probes and weight. `name` names the step and defaults to the fault's name.
 */
export const faultUseSchema = z.pipe(
  z.strictObject({
    type: z.literal('fault'),
    fault: z.string().check(z.minLength(1)),
    name: z.optional(dnsLabel('step name', MAX_STEP_NAME)),
    tunables: z._default(z.record(z.string(), z.unknown()), {}),
    target: z.optional(targetSchema),
    weight: z._default(intInRange('weight', 0, 10), DEFAULT_WEIGHT),
    probes: z._default(z.array(probeSchema), []),
    /** Names of the steps this one waits for; only inside a DAG. */
    after: z.optional(z.array(z.string().check(z.minLength(1)))),
  }),
  z.transform((use) => ({ ...use, name: use.name ?? use.fault })),
);

/** One use of a hub fault, after defaults are applied. */
export type FaultUse = z.output<typeof faultUseSchema>;
/** One use of a hub fault, as the DSL writes it. */
export type FaultUseInput = z.input<typeof faultUseSchema>;
