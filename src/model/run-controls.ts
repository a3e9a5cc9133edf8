import { z } from '../zod.js';
import { durationSchema, intInRange } from './schema-helpers.js';

/**
 * Retries of the workflow's idempotent steps (installing faults, reading verdicts, cleanup) after an error.
 * Chaos verdicts are never retried: a failed fault is a result, not an error. ChaosEngine creation is not
 * retried either, since a second create of the same engine would fail as AlreadyExists.
 */
export const retriesSchema = z.strictObject({
  limit: intInRange('retry limit', 1, 10),
  policy: z._default(z.enum(['OnError', 'OnTransientError']), 'OnTransientError'),
  backoff: z.optional(
    z.strictObject({
      duration: durationSchema,
      factor: z.optional(z.number().check(z.int(), z.gte(1))),
      maxDuration: z.optional(durationSchema),
    }),
  ),
});

/** When Argo deletes the workflow's pods. */
export const podGCSchema = z.strictObject({
  strategy: z.enum(['OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess']),
  deleteDelay: z.optional(durationSchema),
});

/** How long Argo keeps a finished workflow. */
export const ttlSchema = z
  .strictObject({
    afterCompletion: z.optional(durationSchema),
    afterSuccess: z.optional(durationSchema),
    afterFailure: z.optional(durationSchema),
  })
  .check(
    z.refine((ttl) => Object.values(ttl).some((value) => value !== undefined), {
      message: 'ttl sets no duration',
      params: { hint: "set afterCompletion, afterSuccess or afterFailure, e.g. { afterCompletion: '1h' }" },
    }),
  );

/** Retry settings after defaults. */
export type Retries = z.output<typeof retriesSchema>;
