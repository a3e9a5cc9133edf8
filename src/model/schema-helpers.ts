import { z } from '../zod.js';
import { DURATION_HINT, type Duration, isDuration } from './duration.js';
import { DNS_LABEL, isLabelKey, isLabelValue } from './names.js';

/**
 * Schema helpers shared by the model. Issues they raise carry a `hint` in `params`, which
 * {@link toIssues} in `zod-issues.ts` turns into the "how to fix it" line.
 */

/** A custom-issue payload: message plus how to fix it. */
export function problem(message: string, hint: string): { message: string; params: { hint: string } } {
  return { message, params: { hint } };
}

/**
 * Adds a check to `schema` whose failure reports `explain(value)`: a message and a hint.
 * (zod's own `refine` takes no per-value message with params, hence this wrapper.)
 */
export function checked<T extends z.ZodMiniType>(
  schema: T,
  isValid: (value: z.output<T>) => boolean,
  explain: (value: z.output<T>) => { message: string; params: { hint: string } },
): z.ZodMiniPipe<T, z.ZodMiniTransform<Awaited<z.output<T>>, z.output<T>>> {
  return z.pipe(
    schema,
    z.transform((value: z.output<T>, ctx) => {
      if (!isValid(value)) ctx.issues.push({ code: 'custom', input: value, ...explain(value) });
      return value;
    }),
  );
}

/** A non-empty array, with a custom message and hint when empty. */
export function nonEmpty<T extends z.ZodMiniType>(item: T, message: string, hint: string) {
  return checked(
    z.array(item),
    (items) => items.length > 0,
    () => problem(message, hint),
  );
}

/** A {@link Duration} string such as `'30s'`. */
export const durationSchema = z.pipe(
  z.string(),
  z.transform((value: string, ctx): Duration => {
    if (!isDuration(value))
      ctx.issues.push({
        code: 'custom',
        input: value,
        ...problem(`"${value}" is not a duration`, DURATION_HINT),
      });
    return value as Duration;
  }),
);

/** A DNS-1123 label such as a step or experiment name. */
export function dnsLabel(what: string, maxLength: number) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      if (value.length === 0 || value.length > maxLength) {
        ctx.addIssue({
          code: 'custom',
          ...problem(
            `${what} "${value}" is ${value.length} characters long; the limit is ${maxLength}`,
            `shorten the ${what} to at most ${maxLength} characters`,
          ),
        });
      } else if (!DNS_LABEL.test(value)) {
        ctx.addIssue({
          code: 'custom',
          ...problem(
            `${what} "${value}" is not a valid name`,
            "use lowercase letters, digits and '-', starting and ending with a letter or digit",
          ),
        });
      }
    }),
  );
}

/** Kubernetes labels: valid keys and values. */
export const labelsSchema = z.record(z.string(), z.string()).check(
  z.superRefine((labels, ctx) => {
    for (const [key, value] of Object.entries(labels)) {
      const found = [
        isLabelKey(key)
          ? undefined
          : problem(
              `"${key}" is not a valid label key`,
              'use [prefix/]name, the name at most 63 of [A-Za-z0-9._-]',
            ),
        isLabelValue(value)
          ? undefined
          : problem(
              `"${value}" is not a valid label value`,
              'use at most 63 of [A-Za-z0-9._-], starting and ending with a letter or digit',
            ),
      ];
      for (const issue of found)
        if (issue !== undefined) ctx.addIssue({ code: 'custom', path: [key], ...issue });
    }
  }),
);

/** An integer within `[min, max]`. */
export function intInRange(what: string, min: number, max: number) {
  return checked(
    z.number(),
    (n) => Number.isInteger(n) && n >= min && n <= max,
    (n) => problem(`${what} ${n} is out of range`, `use a whole number from ${min} to ${max}`),
  );
}

/** An absolute http or https URL, such as a service the guardian calls. */
export const httpUrlSchema = checked(z.string(), isHttpUrl, (value) =>
  problem(
    `"${value}" is not an http or https URL`,
    "write it in full, with the scheme, e.g. 'http://prometheus.monitoring:9090'",
  ),
);

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol);
}
