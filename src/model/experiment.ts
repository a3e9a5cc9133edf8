import { z } from 'zod';
import { flowSchema } from './flow.js';
import { isLabelValue, MAX_LABEL_LENGTH } from './names.js';
import { PULL_POLICIES } from './pull-policy.js';
import { podGCSchema, retriesSchema, ttlSchema } from './run-controls.js';
import { scheduleSchema } from './schedule.js';
import { checked, dnsLabel, durationSchema, labelsSchema, problem } from './schema-helpers.js';
import { targetSchema } from './target.js';

const labelValue = (what: string) =>
  checked(z.string(), isLabelValue, (value) =>
    problem(
      `${what} "${value}" is not a valid label value`,
      'use at most 63 of [A-Za-z0-9._-], starting and ending with a letter or digit',
    ),
  );

/**
 * A whole chaos experiment as plain data: what the DSL's `experiment()` builds and the compiler reads.
 * Defaults follow Litmus 3.x conventions (namespace `litmus`, service accounts `argo-chaos` and `litmus-admin`).
 */
export const experimentSchema = z
  .strictObject({
    /** Name of the WorkflowTemplate, Workflow prefix or CronWorkflow. */
    name: dnsLabel('experiment name', MAX_LABEL_LENGTH),
    /** Litmus-compatible `workflow_id` label; defaults to the name. */
    id: labelValue('experiment id').optional(),
    /** Shown by the Argo UI instead of the name. */
    title: z.string().min(1).optional(),
    /** Markdown shown by the Argo UI. */
    description: z.string().min(1).optional(),
    labels: labelsSchema.default({}),
    annotations: z.record(z.string(), z.string()).default({}),
    /** Namespace of the workflow objects; defaults to `chaosNamespace`. */
    namespace: dnsLabel('namespace', MAX_LABEL_LENGTH).optional(),
    /** Namespace where ChaosExperiments, ChaosEngines and ChaosResults live. */
    chaosNamespace: dnsLabel('chaos namespace', MAX_LABEL_LENGTH).default('litmus'),
    /** Service account the workflow's pods run as. */
    serviceAccount: dnsLabel('service account', 253).default('argo-chaos'),
    /** Service account the chaos runner and fault pods run as. */
    chaosServiceAccount: dnsLabel('chaos service account', 253).default('litmus-admin'),
    /** Argo controller instance id, when the cluster's controller runs with one. */
    instanceId: labelValue('controller instance id').optional(),
    /** Whether Litmus deletes fault jobs when they end. */
    jobCleanUpPolicy: z.enum(['delete', 'retain']).default('delete'),
    /** Pull policy of the chaos runner, fault and helper pods; Litmus ships `Always`. */
    imagePullPolicy: z.enum(PULL_POLICIES).optional(),
    /** Default target of every fault that has none of its own. */
    target: targetSchema.optional(),
    faults: flowSchema,
    schedule: scheduleSchema.optional(),
    /** Ends the whole run after this long (cleanup still runs). */
    deadline: durationSchema.optional(),
    retries: retriesSchema.optional(),
    podGC: podGCSchema.default({ strategy: 'OnWorkflowSuccess' }),
    ttl: ttlSchema.optional(),
  })
  .transform((spec) => ({
    ...spec,
    id: spec.id ?? spec.name,
    namespace: spec.namespace ?? spec.chaosNamespace,
  }));

/** A validated experiment with defaults applied: the compiler's input. */
export type ExperimentSpec = z.output<typeof experimentSchema>;
/** An experiment as written, before defaults: what `experiment()` returns. */
export type ExperimentInput = z.input<typeof experimentSchema>;
