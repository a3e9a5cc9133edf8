import { DNS_LABEL, isOneLabel } from '../model/names.js';
import { WATCHED_KINDS, type WatchedKind } from '../model/workload-kinds.js';
import { z } from '../zod.js';

/** A workload kind the trigger acts on. */
export type TriggerKind = WatchedKind;

const dnsLabel = z
  .string()
  .check(z.maxLength(63), z.regex(DNS_LABEL, 'must be a DNS label: lower-case letters, digits and -'));

/** The workload a triggered run targets. */
const triggerTargetSchema = z.strictObject({
  namespace: dnsLabel,
  kind: z.enum(WATCHED_KINDS),
  name: z.string().check(z.minLength(1), z.maxLength(253)),
  /** The one pod label Litmus selects by (`key=value`); taken from the workload's selector when left out. */
  label: z.optional(z.string().check(z.refine(isOneLabel, 'must be one label, key=value'))),
});

/** A request to run an experiment against a workload: from a CD system (`POST /v1/trigger`) or a watched change. */
export const triggerRequestSchema = z.strictObject({
  /** The `workflow_id` label of the WorkflowTemplate to run. */
  workflowId: dnsLabel,
  target: triggerTargetSchema,
  /** Extra workflow parameters, passed as given. */
  parameters: z._default(
    z.record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]*$/)), z.string().check(z.maxLength(4096))),
    {},
  ),
  /** What this run is for, such as a release version; runs with the same key are submitted once. */
  revision: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});

/** A validated trigger request. */
export type TriggerRequest = z.output<typeof triggerRequestSchema>;

/** What submitting a trigger did. */
export interface SubmitResult {
  readonly workflowName: string;
  readonly namespace: string;
  /** False when a Workflow for the same key already existed: nothing new was started. */
  readonly created: boolean;
}
