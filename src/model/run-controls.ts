import { z } from 'zod';
import { durationSchema, intInRange } from './schema-helpers.js';

/**
 * Retries of the workflow's idempotent steps (installing faults, reading verdicts, cleanup) after an error.
 * Chaos verdicts are never retried: a failed fault is a result, not an error. ChaosEngine creation is not
 * retried either, since a second create of the same engine would fail as AlreadyExists.
 */
export const retriesSchema = z.strictObject({
  limit: intInRange('retry limit', 1, 10),
  policy: z.enum(['OnError', 'OnTransientError']).default('OnTransientError'),
  backoff: z
    .strictObject({
      duration: durationSchema,
      factor: z.number().int().min(1).optional(),
      maxDuration: durationSchema.optional(),
    })
    .optional(),
});

/** When Argo deletes the workflow's pods. */
export const podGCSchema = z.strictObject({
  strategy: z.enum(['OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess']),
  deleteDelay: durationSchema.optional(),
});

/** How long Argo keeps a finished workflow. */
export const ttlSchema = z
  .strictObject({
    afterCompletion: durationSchema.optional(),
    afterSuccess: durationSchema.optional(),
    afterFailure: durationSchema.optional(),
  })
  .refine((ttl) => Object.values(ttl).some((value) => value !== undefined), {
    message: 'ttl sets no duration',
    params: { hint: "set afterCompletion, afterSuccess or afterFailure, e.g. { afterCompletion: '1h' }" },
  });

/** Retry settings after defaults. */
export type Retries = z.output<typeof retriesSchema>;
