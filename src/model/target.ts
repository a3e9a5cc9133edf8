import { z } from 'zod';
import { labelsSchema, problem } from './schema-helpers.js';
import { WORKLOAD_KIND_NAMES } from './workload-kinds.js';

const workloadKind = z.enum(WORKLOAD_KIND_NAMES);

/** Workloads fixed at compile time, chosen by labels or by names. */
const workloadTargetSchema = z
  .strictObject({
    type: z.literal('workload'),
    kind: workloadKind,
    namespace: z.string().min(1),
    labels: labelsSchema.optional(),
    names: z.array(z.string().min(1)).optional(),
  })
  .superRefine((target, ctx) => {
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
  });

/**
 * A target read from workflow parameters at run time (`appNamespace`, `appKind`, `appLabel`), so one
 * WorkflowTemplate serves any workload; the trigger service passes these in.
 */
const parameterTargetSchema = z.strictObject({
  type: z.literal('parameters'),
  /** Values pre-filled in the Argo UI submit form. */
  defaults: z
    .strictObject({
      namespace: z.string().min(1).optional(),
      kind: workloadKind.optional(),
      labels: labelsSchema
        .refine((labels) => Object.keys(labels).length <= 1, {
          message: 'default target has more than one label; Litmus would hit pods matching ANY of them',
          params: { hint: 'give one label' },
        })
        .optional(),
    })
    .default({}),
  /** Kinds offered in the Argo UI submit form. */
  kinds: z
    .array(workloadKind)
    .min(1)
    .default([...WORKLOAD_KIND_NAMES]),
});

/** Which workloads a fault hits. */
export const targetSchema = z.discriminatedUnion('type', [workloadTargetSchema, parameterTargetSchema]);

/** Which workloads a fault hits. */
export type Target = z.output<typeof targetSchema>;
/** A target taken from workflow parameters. */
export type ParameterTarget = z.output<typeof parameterTargetSchema>;
