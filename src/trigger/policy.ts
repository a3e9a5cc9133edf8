import { isDeepStrictEqual } from 'node:util';
import { compile, search } from '@jmespath-community/jmespath';
import { z } from '../zod.js';

/** Litmus's comparison operators for EventTrackerPolicy conditions. */
const POLICY_OPERATORS = [
  'EqualTo',
  'NotEqualTo',
  'LessThan',
  'GreaterThan',
  'LessThanEqualTo',
  'GreaterThanEqualTo',
  'Change',
] as const;

const jmespathKey = z.string().check(
  z.refine(
    (key) => {
      try {
        compile(key);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a JMESPath expression' },
  ),
);

/** A Litmus `EventTrackerPolicy` (`eventtracker.litmuschaos.io/v1`), on the fields the trigger reads. */
export const eventTrackerPolicySchema = z.looseObject({
  apiVersion: z.literal('eventtracker.litmuschaos.io/v1'),
  kind: z.literal('EventTrackerPolicy'),
  metadata: z.looseObject({ name: z.string(), namespace: z.optional(z.string()) }),
  spec: z.looseObject({
    condition_type: z.enum(['and', 'or']),
    conditions: z
      .array(
        z.looseObject({
          key: jmespathKey,
          value: z.optional(z.string()),
          operator: z.enum(POLICY_OPERATORS),
        }),
      )
      .check(z.minLength(1)),
  }),
});

/** A validated EventTrackerPolicy. */
export type EventTrackerPolicy = z.output<typeof eventTrackerPolicySchema>;
type Condition = EventTrackerPolicy['spec']['conditions'][number];

/**
 * Whether an update of a workload passes a policy, with Litmus's semantics: only conditions whose key's value
 * changed in this update count; `and` needs every changed one to hold (and at least one), `or` any one. Unlike
 * Litmus, which compares `fmt.Sprint` strings ("10" < "9"), numbers are compared as numbers; an ordering
 * operator on a value that is not a number never holds.
 */
export function policyPasses(policy: EventTrackerPolicy, previous: unknown, current: unknown): boolean {
  const counted = policy.spec.conditions.flatMap((condition) => {
    const before = search(previous as never, condition.key);
    const after = search(current as never, condition.key);
    return isDeepStrictEqual(before, after) ? [] : [holds(condition, after)];
  });
  if (counted.length === 0) return false;
  return policy.spec.condition_type === 'and' ? counted.every(Boolean) : counted.some(Boolean);
}

function holds(condition: Condition, value: unknown): boolean {
  if (condition.operator === 'Change') return true;
  const expected = condition.value ?? '';
  switch (condition.operator) {
    case 'EqualTo':
      return equal(value, expected);
    case 'NotEqualTo':
      return !equal(value, expected);
    default:
      return ordered(condition.operator, numberOf(value), numberOf(expected));
  }
}

function equal(value: unknown, expected: string): boolean {
  const [actualNumber, expectedNumber] = [numberOf(value), numberOf(expected)];
  if (actualNumber !== undefined && expectedNumber !== undefined) return actualNumber === expectedNumber;
  return textOf(value) === expected;
}

function ordered(
  operator: 'LessThan' | 'GreaterThan' | 'LessThanEqualTo' | 'GreaterThanEqualTo',
  actual: number | undefined,
  expected: number | undefined,
): boolean {
  if (actual === undefined || expected === undefined) return false;
  switch (operator) {
    case 'LessThan':
      return actual < expected;
    case 'GreaterThan':
      return actual > expected;
    case 'LessThanEqualTo':
      return actual <= expected;
    case 'GreaterThanEqualTo':
      return actual >= expected;
  }
}

/** A number, from a JSON number or a string that is exactly a decimal number. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value);
}

/** Text as Litmus prints values: strings as they are, anything else as JSON. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
