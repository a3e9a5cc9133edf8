import { z } from '../zod.js';
import { labelsSchema, problem } from './schema-helpers.js';
import { WORKLOAD_KIND_NAMES } from './workload-kinds.js';

const workloadKind = z.enum(WORKLOAD_KIND_NAMES);

/** Workloads fixed at compile time, chosen by labels or by names. */
const workloadTargetSchema = z
  .strictObject({
    type: z.literal('workload'),
    kind: workloadKind,
    namespace: z.string().check(z.minLength(1)),
    labels: z.optional(labelsSchema),
    names: z.optional(z.array(z.string().check(z.minLength(1)))),
  })
  .check(
    z.superRefine((target, ctx) => {
      const hasLabels = target.labels !== undefined && Object.keys(target.labels).length > 0;
      const hasNames = target.names !== undefined && target.names.length > 0;
      if (hasLabels && Object.keys(target.labels ?? {}).length > 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['labels'],
          ...problem(
            'target has more than one label; Litmus would hit pods matching ANY of them, not all',
            'select with one label that only the intended workload carries, or list the workloads by names',
          ),
        });
      }
      if (hasLabels === hasNames) {
        ctx.addIssue({
          code: 'custom',
          ...problem(
            hasLabels ? 'target has both labels and names' : 'target has neither labels nor names',
            "give exactly one of them, e.g. labels: { app: 'nginx' } or names: ['nginx']",
          ),
        });
      }
    }),
  );

/**
 * A target read from workflow parameters at run time (`appNamespace`, `appKind`, `appLabel`), so one
 * WorkflowTemplate serves any workload; the trigger service passes these in.
 */
const parameterTargetSchema = z.strictObject({
  type: z.literal('parameters'),
  /** Values pre-filled in the Argo UI submit form. */
  defaults: z._default(
    z.strictObject({
      namespace: z.optional(z.string().check(z.minLength(1))),
      kind: z.optional(workloadKind),
      labels: z.optional(
        labelsSchema.check(
          z.refine((labels) => Object.keys(labels).length <= 1, {
            message: 'default target has more than one label; Litmus would hit pods matching ANY of them',
            params: { hint: 'give one label' },
          }),
        ),
      ),
    }),
    {},
  ),
  /** Kinds offered in the Argo UI submit form. */
  kinds: z._default(z.array(workloadKind).check(z.minLength(1)), [...WORKLOAD_KIND_NAMES]),
});

/** Which workloads a fault hits. */
export const targetSchema = z.discriminatedUnion('type', [workloadTargetSchema, parameterTargetSchema]);

/** Which workloads a fault hits. */
export type Target = z.output<typeof targetSchema>;
/** A target taken from workflow parameters. */
export type ParameterTarget = z.output<typeof parameterTargetSchema>;
