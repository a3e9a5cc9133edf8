import { z } from '../zod.js';
import { cronProblem, timezoneProblem } from './cron.js';
import { durationSchema, problem } from './schema-helpers.js';

const cronSchema = z.string().check(
  z.superRefine((expression, ctx) => {
    const why = cronProblem(expression);
    if (why !== undefined) {
      ctx.addIssue({
        code: 'custom',
        ...problem(
          `"${expression}" is not a valid cron schedule: ${why}`,
          "write five fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * 1-5', or @daily/@hourly/@every 2h",
        ),
      });
    }
  }),
);

/**
 * When a scheduled experiment runs; it compiles to a CronWorkflow.
 * `concurrencyPolicy` defaults to `Forbid` (Argo's default is `Allow`): two chaos runs on one target at once
 * rarely mean what anyone wanted.
 */
export const scheduleSchema = z.strictObject({
  cron: z.pipe(
    z.union([cronSchema, z.array(cronSchema).check(z.minLength(1))]),
    z.transform((cron) => (Array.isArray(cron) ? cron : [cron])),
  ),
  timezone: z.optional(
    z.string().check(
      z.superRefine((zone, ctx) => {
        const why = timezoneProblem(zone);
        if (why !== undefined) {
          ctx.addIssue({
            code: 'custom',
            ...problem(why, "use a name from the tz database, e.g. 'Europe/Berlin' or 'UTC'"),
          });
        }
      }),
    ),
  ),
  concurrencyPolicy: z._default(z.enum(['Allow', 'Forbid', 'Replace']), 'Forbid'),
  startingDeadline: z.optional(durationSchema),
  successfulJobsHistoryLimit: z.optional(z.number().check(z.int(), z.gte(0))),
  failedJobsHistoryLimit: z.optional(z.number().check(z.int(), z.gte(0))),
  suspend: z.optional(z.boolean()),
});

/** A schedule after defaults. */
export type Schedule = z.output<typeof scheduleSchema>;
