import type { Issue } from '../errors.js';
import { timezoneProblem } from '../model/cron.js';
import { dnsLabel, problem } from '../model/schema-helpers.js';
import { toIssues } from '../model/zod-issues.js';
import { z } from '../zod.js';

/** Days of the week, as a window names them. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const clock = z
  .string()
  .check(
    z.refine(
      (text) => /^([01]\d|2[0-3]):[0-5]\d$/.test(text),
      problem('not a time of day', "write HH:MM, e.g. '09:00'"),
    ),
  );

const timezone = z.string().check(
  z.superRefine((zone, ctx) => {
    const why = timezoneProblem(zone);
    if (why !== undefined)
      ctx.addIssue({ code: 'custom', ...problem(why, "use a tz database name, e.g. 'Europe/Berlin'") });
  }),
);

/** When chaos may run: these days, from `start` to `end` (end excluded), in `timezone`. */
const windowSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1)),
    start: clock,
    end: clock,
    timezone,
  })
  .check(
    z.refine((window) => window.start < window.end, {
      ...problem(
        'a window must start before it ends',
        'write start and end on the same day, e.g. 09:00 to 17:00',
      ),
      when: ({ value }) => typeof value === 'object' && value !== null,
    }),
  );

/**
 * A blast-radius policy: limits every experiment must keep, checked by `chaosflow build --policy`, by the
 * GitOps sync (a violating file is refused like one that does not compile) and by the guardian when a run
 * starts (`chaosflow serve --policy`). Every limit is optional; an empty policy allows everything.
 */
const policySchema = z.strictObject({
  /** The largest share of a target's pods (or of the nodes) one fault may affect, in percent. */
  maxAffectedPercent: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  /** Namespaces no chaos may target or run in. */
  forbiddenNamespaces: z.optional(z.array(dnsLabel('namespace', 63))),
  /** When chaos may run; none given is any time. */
  allowedWindows: z.optional(z.array(windowSchema).check(z.minLength(1))),
  /** How many runs may run at once in one namespace (checked by the guardian when a run starts). */
  maxConcurrentRunsPerNamespace: z.optional(z.number().check(z.int(), z.gte(1))),
});

/** A blast-radius policy. */
export type BlastRadiusPolicy = z.output<typeof policySchema>;
/** A time window of a policy. */
export type AllowedWindow = NonNullable<BlastRadiusPolicy['allowedWindows']>[number];

/** The policy that plain data gives, or every problem with it. */
export function parsePolicy(
  data: unknown,
): { ok: true; policy: BlastRadiusPolicy } | { ok: false; issues: Issue[] } {
  const result = policySchema.safeParse(data ?? {}, { reportInput: true });
  return result.success
    ? { ok: true, policy: result.data }
    : { ok: false, issues: toIssues(result.error, data) };
}
