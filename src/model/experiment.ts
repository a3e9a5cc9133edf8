import { z } from '../zod.js';
import { flowSchema } from './flow.js';
import { guardsSchema } from './guard.js';
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
export const experimentSchema = z.pipe(
  z.strictObject({
    /** Name of the WorkflowTemplate, Workflow prefix or CronWorkflow. */
    name: dnsLabel('experiment name', MAX_LABEL_LENGTH),
    /** Litmus-compatible `workflow_id` label; defaults to the name. */
    id: z.optional(labelValue('experiment id')),
    /** Shown by the Argo UI instead of the name. */
    title: z.optional(z.string().check(z.minLength(1))),
    /** Markdown shown by the Argo UI. */
    description: z.optional(z.string().check(z.minLength(1))),
    labels: z._default(labelsSchema, {}),
    annotations: z._default(z.record(z.string(), z.string()), {}),
    /** Namespace of the workflow objects; defaults to `chaosNamespace`. */
    namespace: z.optional(dnsLabel('namespace', MAX_LABEL_LENGTH)),
    /** Namespace where ChaosExperiments, ChaosEngines and ChaosResults live. */
    chaosNamespace: z._default(dnsLabel('chaos namespace', MAX_LABEL_LENGTH), 'litmus'),
    /** Service account the workflow's pods run as. */
    serviceAccount: z._default(dnsLabel('service account', 253), 'argo-chaos'),
    /** Service account the chaos runner and fault pods run as. */
    chaosServiceAccount: z._default(dnsLabel('chaos service account', 253), 'litmus-admin'),
    /** Argo controller instance id, when the cluster's controller runs with one. */
    instanceId: z.optional(labelValue('controller instance id')),
    /** Whether Litmus deletes fault jobs when they end. */
    jobCleanUpPolicy: z._default(z.enum(['delete', 'retain']), 'delete'),
    /** Pull policy of the chaos runner, fault and helper pods; Litmus ships `Always`. */
    imagePullPolicy: z.optional(z.enum(PULL_POLICIES)),
    /** Default target of every fault that has none of its own. */
    target: z.optional(targetSchema),
    faults: flowSchema,
    schedule: z.optional(scheduleSchema),
    /** Ends the whole run after this long (cleanup still runs). */
    deadline: z.optional(durationSchema),
    /** Conditions under which chaosflow's guardian stops the run, reverting its chaos. */
    abortWhen: z.optional(guardsSchema),
    /** How long a guarded run waits for the guardian to acknowledge it before it fails without chaos. */
    guardianTimeout: z._default(durationSchema, '2m'),
    /** A person must release the run (Argo UI or `argo resume`) before its chaos; without that in time, it fails. */
    approval: z.optional(z.strictObject({ timeout: z._default(durationSchema, '1h') })),
    retries: z.optional(retriesSchema),
    podGC: z._default(podGCSchema, { strategy: 'OnWorkflowSuccess' }),
    ttl: z.optional(ttlSchema),
  }),
  z.transform((spec) => ({
    ...spec,
    id: spec.id ?? spec.name,
    namespace: spec.namespace ?? spec.chaosNamespace,
  })),
);

/** A validated experiment with defaults applied: the compiler's input. */
export type ExperimentSpec = z.output<typeof experimentSchema>;
/** An experiment as written, before defaults: what `experiment()` returns. */
export type ExperimentInput = z.input<typeof experimentSchema>;
