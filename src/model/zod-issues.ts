import type { Issue } from '../errors.js';
import type { z } from '../zod.js';

type PathKey = PropertyKey;

/**
 * Turns zod's issues into chaosflow {@link Issue}s: a path written the way the user wrote the experiment,
 * a plain message and a hint. For unions, only the branch that got furthest is reported, since the others
 * are noise ("expected array" for a DAG, and so on).
 */
export function toIssues(error: z.core.$ZodError, input: unknown): Issue[] {
  return error.issues.flatMap((issue) => flatten(issue)).map((issue) => toIssue(issue, input));
}

function flatten(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const best = issue.errors.reduce((a, b) => (progress(b) > progress(a) ? b : a));
  return best.flatMap((inner) => flatten({ ...inner, path: [...issue.path, ...inner.path] }));
}

function progress(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(...issues.map((issue) => issue.path.length));
}

function toIssue(issue: z.core.$ZodIssue, input: unknown): Issue {
  const path = formatPath(issue.path, input);
  const hint = (issue as { params?: { hint?: string } }).params?.hint;
  if (hint !== undefined) return { path, message: issue.message, hint };
  const node = nodeAt(input, issue.path);
  if (issue.code === 'unrecognized_keys' && isFaultUse(node)) {
    return { path, ...describe(issue), hint: FAULT_FIELDS_HINT };
  }
  if (issue.path[0] === 'faults' && issue.path.length === 2 && Array.isArray(node)) {
    return {
      path,
      message: 'a list inside the sequence of faults',
      hint: 'to run faults at the same time, group them with parallel(...)',
    };
  }
  return { path, ...describe(issue) };
}

const FAULT_FIELDS_HINT =
  'a fault step takes name, tunables, target, weight and probes; put tunables inside tunables: { ... }';

function nodeAt(input: unknown, path: readonly PathKey[]): unknown {
  return path.reduce<unknown>((node, key) => childOf(node, key), input);
}

function isFaultUse(node: unknown): node is Record<string, unknown> {
  return isRecord(node) && node.type === 'fault';
}

function describe(issue: z.core.$ZodIssue): Omit<Issue, 'path'> {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) {
        const field = String(issue.path.at(-1) ?? 'value');
        return { message: `missing required field "${field}"`, hint: `add ${field} (${issue.expected})` };
      }
      return {
        message: `expected ${issue.expected}, got ${typeName(issue.input)}`,
        hint: `give ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`,
      };
    case 'unrecognized_keys':
      return {
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        hint: 'remove it or check its spelling',
      };
    case 'invalid_value':
      return {
        message: `${JSON.stringify(issue.input)} is not allowed`,
        hint: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'invalid_union':
      return unmatchedDiscriminator(issue);
    case 'too_small':
      return { message: issue.message, hint: `give at least ${String(issue.minimum)}` };
    case 'too_big':
      return { message: issue.message, hint: `give at most ${String(issue.maximum)}` };
    default:
      return { message: issue.message };
  }
}

/** A discriminated union whose `type` (or other discriminator) matched no option. */
function unmatchedDiscriminator(issue: z.core.$ZodIssueInvalidUnion): Omit<Issue, 'path'> {
  const discriminator = (issue as { discriminator?: string }).discriminator;
  const input = issue.input as Record<string, unknown> | undefined;
  if (discriminator === undefined) return { message: issue.message };
  const expected = issue.message.replace(/^Invalid discriminator value\. Expected /, '');
  return {
    message: `${JSON.stringify(input?.[discriminator])} is not a known ${discriminator}`,
    hint: `use one of ${expected.replaceAll("'", '"').split(' | ').join(', ')}`,
  };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * `['faults', 1, 'steps', 0, 'tunables', 'x']` → `faults[1].steps[0] (step "cpu-hog").tunables.x`: indexes in
 * brackets, and the step's name after every fault use the path passes through, so users can find it.
 */
function formatPath(path: readonly PathKey[], input: unknown): string {
  let text = '';
  let node: unknown = input;
  for (const key of path) {
    node = childOf(node, key);
    text +=
      typeof key === 'number' ? `[${key}]${stepLabel(node)}` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text;
}

function childOf(node: unknown, key: PathKey): unknown {
  return typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
}

/** ` (step "name")` for a fault use, so a path into a list of faults says which one. */
function stepLabel(node: unknown): string {
  return isFaultUse(node) ? ` (step "${String(node.name ?? node.fault)}")` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
