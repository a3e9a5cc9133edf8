import { z } from 'zod';
import { DNS_LABEL, isOneLabel } from '../model/names.js';
import { WATCHED_KINDS, type WatchedKind } from '../model/workload-kinds.js';

/** A workload kind the trigger acts on. */
export type TriggerKind = WatchedKind;

const dnsLabel = z.string().max(63).regex(DNS_LABEL, 'must be a DNS label: lower-case letters, digits and -');

/** The workload a triggered run targets. */
const triggerTargetSchema = z.strictObject({
  namespace: dnsLabel,
  kind: z.enum(WATCHED_KINDS),
  name: z.string().min(1).max(253),
  /** The one pod label Litmus selects by (`key=value`); taken from the workload's selector when left out. */
  label: z.string().refine(isOneLabel, 'must be one label, key=value').optional(),
});

/** A request to run an experiment against a workload: from a CD system (`POST /v1/trigger`) or a watched change. */
export const triggerRequestSchema = z.strictObject({
  /** The `workflow_id` label of the WorkflowTemplate to run. */
  workflowId: dnsLabel,
  target: triggerTargetSchema,
  /** Extra workflow parameters, passed as given. */
  parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/), z.string().max(4096)).default({}),
  /** What this run is for, such as a release version; runs with the same key are submitted once. */
  revision: z.string().min(1).max(128).optional(),
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
