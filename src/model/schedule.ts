import { z } from 'zod';
import { cronProblem, timezoneProblem } from './cron.js';
import { durationSchema, problem } from './schema-helpers.js';

const cronSchema = z.string().superRefine((expression, ctx) => {
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
});

/**
 * When a scheduled experiment runs; it compiles to a CronWorkflow.
 * `concurrencyPolicy` defaults to `Forbid` (Argo's default is `Allow`): two chaos runs on one target at once
 * rarely mean what anyone wanted.
 */
export const scheduleSchema = z.strictObject({
  cron: z
    .union([cronSchema, z.array(cronSchema).min(1)])
    .transform((cron) => (Array.isArray(cron) ? cron : [cron])),
  timezone: z
    .string()
    .superRefine((zone, ctx) => {
      const why = timezoneProblem(zone);
      if (why !== undefined) {
        ctx.addIssue({
          code: 'custom',
          ...problem(why, "use a name from the tz database, e.g. 'Europe/Berlin' or 'UTC'"),
        });
      }
    })
    .optional(),
  concurrencyPolicy: z.enum(['Allow', 'Forbid', 'Replace']).default('Forbid'),
  startingDeadline: durationSchema.optional(),
  successfulJobsHistoryLimit: z.number().int().min(0).optional(),
  failedJobsHistoryLimit: z.number().int().min(0).optional(),
  suspend: z.boolean().optional(),
});

/** A schedule after defaults. */
export type Schedule = z.output<typeof scheduleSchema>;
