import { z } from '../zod.js';
import { MAX_LABEL_LENGTH } from './names.js';
import { dnsLabel, durationSchema, httpUrlSchema, nonEmpty, problem } from './schema-helpers.js';

/**
 * Abort conditions (`abortWhen`): what chaosflow's guardian (`chaosflow serve`) watches while a run injects chaos,
 * stopping the run when one holds. Each is evaluated every `every`; the run is stopped once a condition has held
 * at every evaluation for `for`.
 */

/** What the guardian does when it cannot evaluate a condition (Prometheus down, the API refusing a read). */
export const WHEN_UNAVAILABLE = ['abort', 'continue'] as const;

/** Names the condition in the reason a stopped run gives. */
const guardName = dnsLabel('abort condition name', MAX_LABEL_LENGTH);

const timing = {
  /** How long the condition must hold, at every evaluation, before the run is stopped. */
  for: z._default(durationSchema, '0s'),
  /** How often the guardian evaluates it. */
  every: z._default(durationSchema, '10s'),
};

const threshold = {
  /** Breached while the value is above this. */
  above: z.optional(z.number()),
  /** Breached while the value is below this. */
  below: z.optional(z.number()),
};

// Checked even when other fields of the condition are wrong, so that every problem is reported at once.
const oneThreshold = z.refine<{ above?: unknown; below?: unknown }>(
  (guard) => (guard.above === undefined) !== (guard.below === undefined),
  {
    ...problem('an abort condition needs exactly one of above and below', 'give above: N or below: N'),
    when: ({ value }) => typeof value === 'object' && value !== null,
  },
);

/** A PromQL query compared with a threshold: breached while any sample it returns crosses it. */
const prometheusGuardSchema = z
  .strictObject({
    type: z.literal('prometheus'),
    name: guardName,
    /** Prometheus's base URL, e.g. `http://prometheus.monitoring:9090`. */
    endpoint: httpUrlSchema,
    query: z.string().check(z.minLength(1)),
    ...threshold,
    whenUnavailable: z._default(z.enum(WHEN_UNAVAILABLE), 'abort'),
    ...timing,
  })
  .check(oneThreshold);

/** An HTTP GET: breached while the answer's status, body or latency is not as expected, or there is none. */
const httpGuardSchema = z.strictObject({
  type: z.literal('http'),
  name: guardName,
  url: httpUrlSchema,
  /** Status codes that are healthy. @defaultValue any 2xx or 3xx */
  expectStatus: z.optional(z.array(z.number().check(z.int(), z.gte(100), z.lte(599))).check(z.minLength(1))),
  /** Text a healthy answer's body contains. */
  bodyContains: z.optional(z.string().check(z.minLength(1))),
  /** A slower answer is a breach. */
  maxLatency: z.optional(durationSchema),
  /** How long one request may take; no answer in time is a breach. */
  timeout: z._default(durationSchema, '5s'),
  ...timing,
});

/** A path of field names into a Kubernetes object, e.g. `status.availableReplicas`. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A number in a Kubernetes object compared with a threshold, e.g. a Deployment's `status.availableReplicas`
 * below 2. A missing field counts as 0 (Kubernetes leaves zero counters out); a missing object is a breach.
 */
const kubernetesGuardSchema = z
  .strictObject({
    type: z.literal('kubernetes'),
    name: guardName,
    object: z.strictObject({
      apiVersion: z._default(z.string().check(z.minLength(1)), 'apps/v1'),
      kind: z.string().check(z.minLength(1)),
      namespace: dnsLabel('namespace', MAX_LABEL_LENGTH),
      name: z.string().check(z.minLength(1)),
    }),
    field: z
      .string()
      .check(
        z.refine(
          (field) => FIELD_PATH.test(field),
          problem('not a field path', "write field names joined by dots, e.g. 'status.availableReplicas'"),
        ),
      ),
    ...threshold,
    whenUnavailable: z._default(z.enum(WHEN_UNAVAILABLE), 'abort'),
    ...timing,
  })
  .check(oneThreshold);

/** One abort condition. */
const guardSchema = z.discriminatedUnion('type', [
  prometheusGuardSchema,
  httpGuardSchema,
  kubernetesGuardSchema,
]);

/** An abort condition after defaults. */
export type Guard = z.output<typeof guardSchema>;
/** An abort condition as the DSL writes it. */
export type GuardInput = z.input<typeof guardSchema>;

/** The abort conditions of an experiment: at least one, each with its own name. */
export const guardsSchema = nonEmpty(
  guardSchema,
  'abortWhen lists no conditions',
  'add a condition, e.g. guard.prometheus({ ... }), or remove abortWhen',
).check(
  z.superRefine((guards, ctx) => {
    const seen = new Set<string>();
    for (const [index, guard] of guards.entries()) {
      if (seen.has(guard.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          ...problem(`two abort conditions are named "${guard.name}"`, 'give each condition its own name'),
        });
      }
      seen.add(guard.name);
    }
  }),
);

/** An abort condition of one kind. */
export type GuardOfType<T extends Guard['type']> = Extract<Guard, { type: T }>;
