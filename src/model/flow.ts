import { z } from 'zod';
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

/** The faults of an experiment: a sequence (items run one after another) or a DAG. */
export const flowSchema = z.union([
  nonEmpty(
    sequenceItemSchema,
    'experiment has no faults',
    'list at least one fault, e.g. faults: [faults.podDelete()]',
  ),
  dagSchema,
]);

/** A sequence item after defaults. */
export type SequenceItem = z.output<typeof sequenceItemSchema>;
/** The faults of an experiment after defaults. */
export type Flow = z.output<typeof flowSchema>;

/** Every fault use of a flow, in the order written. */
export function faultUsesOf(flow: Flow): FaultUse[] {
  if (!Array.isArray(flow)) return [...flow.tasks];
  return flow.flatMap((item) => (item.type === 'parallel' ? item.steps : [item]));
}

/** The groups of a sequence, each a list of faults that run at the same time. */
export function groupsOf(sequence: readonly SequenceItem[]): FaultUse[][] {
  return sequence.map((item) => (item.type === 'parallel' ? [...item.steps] : [item]));
}
