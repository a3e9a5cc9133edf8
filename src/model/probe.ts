import { z } from '../zod.js';
import { durationSchema, intInRange } from './schema-helpers.js';

/**
 * Litmus resilience probes (ChaosEngine `experiments[].spec.probe[]`). Field names follow Litmus so its
 * documentation applies unchanged; values are typed (durations, numbers, closed choices).
 * @see https://docs.litmuschaos.io/docs/concepts/probes
 */

/** When a probe runs relative to the chaos: start, end, both, throughout, or only while chaos is injected. */
const PROBE_MODES = ['SOT', 'EOT', 'Edge', 'Continuous', 'OnChaos'] as const;

/** When a probe runs. */
export type ProbeMode = (typeof PROBE_MODES)[number];

/** Litmus `runProperties`: timing and retries of a probe. */
const runPropertiesSchema = z.strictObject({
  probeTimeout: durationSchema,
  interval: durationSchema,
  attempt: z.optional(intInRange('attempt', 1, 100)),
  probePollingInterval: z.optional(durationSchema),
  initialDelay: z.optional(durationSchema),
  evaluationTimeout: z.optional(durationSchema),
  stopOnFailure: z.optional(z.boolean()),
  verbosity: z.optional(z.enum(['info', 'debug'])),
});

/** Relational criteria Litmus's int and float comparators accept; `oneOf` and `between` take a list. */
export const NUMERIC_CRITERIA = ['==', '!=', '>', '<', '>=', '<=', 'oneOf', 'between'] as const;
/** Criteria Litmus's string comparator accepts; `oneOf` takes a list. */
export const STRING_CRITERIA = ['equal', 'notEqual', 'contains', 'matches', 'notMatches', 'oneOf'] as const;

const LIST_CRITERIA: readonly string[] = ['oneOf', 'between'];

/**
 * A list value goes with `oneOf` (any length) or `between` (two values, inclusive), a single value with
 * every other criteria. `valueKey` names the field holding the value (`value`, or `responseCode`).
 */
function listMatchesCriteria(valueKey: string) {
  return (object: Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    const criterion = String(object.criteria);
    const given = object[valueKey];
    const isList = Array.isArray(given);
    if (isList !== LIST_CRITERIA.includes(criterion)) {
      ctx.addIssue({
        code: 'custom',
        path: [valueKey],
        message: isList
          ? `a list needs criteria 'oneOf' or 'between', not '${criterion}'`
          : `'${criterion}' needs a list of values`,
        params: {
          hint: isList ? 'give one value, or change the criteria' : 'give an array, e.g. [200, 201]',
        },
      });
    } else if (criterion === 'between' && (given as unknown[]).length !== 2) {
      ctx.addIssue({
        code: 'custom',
        path: [valueKey],
        message: "'between' needs exactly two values",
        params: { hint: 'give [low, high]; both ends are included' },
      });
    }
  };
}

const oneOrMany = <T extends z.ZodMiniType>(value: T) =>
  z.union([value, z.array(value).check(z.minLength(1))]);
const numericCriteria = z.enum(NUMERIC_CRITERIA);

/** Compares a command probe's output: numbers with relational operators, strings with text operators. */
const comparatorSchema = z.discriminatedUnion('type', [
  z
    .strictObject({ type: z.enum(['int', 'float']), criteria: numericCriteria, value: oneOrMany(z.number()) })
    .check(z.superRefine(listMatchesCriteria('value'))),
  z
    .strictObject({
      type: z.literal('string'),
      criteria: z.enum(STRING_CRITERIA),
      value: oneOrMany(z.string()),
    })
    .check(z.superRefine(listMatchesCriteria('value'))),
]);

const probeBase = {
  name: z.string().check(z.minLength(1)),
  mode: z.enum(PROBE_MODES),
  runProperties: runPropertiesSchema,
};

const responseCode = z.number().check(z.int(), z.gte(100), z.lte(599));

/** Checks an HTTP endpoint's response code. */
const httpProbeSchema = z.strictObject({
  ...probeBase,
  type: z.literal('httpProbe'),
  inputs: z.strictObject({
    url: z.url(),
    insecureSkipVerify: z.optional(z.boolean()),
    method: z.union([
      z.strictObject({
        get: z
          .strictObject({ criteria: numericCriteria, responseCode: oneOrMany(responseCode) })
          .check(z.superRefine(listMatchesCriteria('responseCode'))),
      }),
      z.strictObject({
        post: z
          .strictObject({
            contentType: z.optional(z.string()),
            body: z.optional(z.string()),
            bodyPath: z.optional(z.string()),
            criteria: numericCriteria,
            responseCode: oneOrMany(responseCode),
          })
          .check(z.superRefine(listMatchesCriteria('responseCode'))),
      }),
    ]),
  }),
});

/** Runs a command (inline in the fault pod, or in its own pod when `source` is given) and compares its output. */
const cmdProbeSchema = z.strictObject({
  ...probeBase,
  type: z.literal('cmdProbe'),
  inputs: z.strictObject({
    command: z.string().check(z.minLength(1)),
    comparator: comparatorSchema,
    source: z.optional(
      z.strictObject({
        image: z.string().check(z.minLength(1)),
        hostNetwork: z.optional(z.boolean()),
        inheritInputs: z.optional(z.boolean()),
        imagePullPolicy: z.optional(z.enum(['Always', 'IfNotPresent', 'Never'])),
        privileged: z.optional(z.boolean()),
      }),
    ),
  }),
});

/** Checks that Kubernetes resources are present or absent, or creates or deletes them. */
const k8sProbeSchema = z.strictObject({
  ...probeBase,
  type: z.literal('k8sProbe'),
  inputs: z.strictObject({
    group: z.optional(z.string()),
    version: z.string().check(z.minLength(1)),
    resource: z.string().check(z.minLength(1)),
    namespace: z.optional(z.string()),
    resourceNames: z.optional(z.string()),
    fieldSelector: z.optional(z.string()),
    labelSelector: z.optional(z.string()),
    operation: z.enum(['present', 'absent', 'create', 'delete']),
  }),
  /** The manifest to create, for `operation: 'create'`. */
  data: z.optional(z.string()),
});

/** Runs a PromQL query and compares the result. */
const promProbeSchema = z.strictObject({
  ...probeBase,
  type: z.literal('promProbe'),
  inputs: z
    .strictObject({
      endpoint: z.url(),
      query: z.optional(z.string().check(z.minLength(1))),
      queryPath: z.optional(z.string().check(z.minLength(1))),
      comparator: z
        .strictObject({ criteria: numericCriteria, value: oneOrMany(z.number()) })
        .check(z.superRefine(listMatchesCriteria('value'))),
    })
    .check(
      z.refine((inputs) => (inputs.query === undefined) !== (inputs.queryPath === undefined), {
        message: 'a promProbe needs exactly one of query and queryPath',
        params: { hint: "give the PromQL inline as query: 'sum(...)' or a file path as queryPath" },
      }),
    ),
});

/** Any Litmus probe. */
export const probeSchema = z.discriminatedUnion('type', [
  httpProbeSchema,
  cmdProbeSchema,
  k8sProbeSchema,
  promProbeSchema,
]);

/** Any Litmus probe. */
export type Probe = z.output<typeof probeSchema>;
