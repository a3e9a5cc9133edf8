import { z } from '../zod.js';
import { type FaultUse, faultUseSchema } from './fault-use.js';
import { nonEmpty } from './schema-helpers.js';

/** Faults that run at the same time. */
const parallelGroupSchema = z.strictObject({
  type: z.literal('parallel'),
  steps: nonEmpty(
    faultUseSchema,
    'parallel group is empty',
    'put at least one fault in parallel(...), or remove the group',
  ),
});

/** One item of a sequence: a single fault or a parallel group. */
const sequenceItemSchema = z.discriminatedUnion('type', [faultUseSchema, parallelGroupSchema]);

/** Faults wired by dependencies: each runs once every step named in its `after` has ended. */
const dagSchema = z.strictObject({
  type: z.literal('dag'),
  tasks: nonEmpty(faultUseSchema, 'dag has no tasks', 'put at least one fault in dag(...)'),
});

/**
 * The faults of an experiment: written as a sequence (an array: items run one after another) or a DAG, and
 * given to the compiler tagged either way, `{ type: 'sequence', items }` or `{ type: 'dag', tasks }`.
 */
export const flowSchema = z.union([
  z.pipe(
    nonEmpty(
      sequenceItemSchema,
      'experiment has no faults',
      'list at least one fault, e.g. faults: [faults.podDelete()]',
    ),
    z.transform((items) => ({ type: 'sequence' as const, items })),
  ),
  dagSchema,
]);

/** The faults of an experiment after defaults, tagged by how they run. */
export type Flow = z.output<typeof flowSchema>;
/** Faults that run one after another, in groups. */
export type Sequence = Extract<Flow, { type: 'sequence' }>;

/** Every fault use of a flow, in the order written. */
export function faultUsesOf(flow: Flow): FaultUse[] {
  if (flow.type === 'dag') return [...flow.tasks];
  return flow.items.flatMap((item) => (item.type === 'parallel' ? item.steps : [item]));
}

/** The groups of a sequence, each a list of faults that run at the same time. */
export function groupsOf(sequence: Sequence): FaultUse[][] {
  return sequence.items.map((item) => (item.type === 'parallel' ? [...item.steps] : [item]));
}
