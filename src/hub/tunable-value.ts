import { DURATION_HINT, durationIn } from '../model/duration.js';
import type { Tunable } from './hub.js';

/** A tunable value turned into the env string Litmus expects, or why it cannot be. */
export type EnvValue = { ok: true; value: string } | { ok: false; message: string; hint: string };

const bad = (message: string, hint: string): EnvValue => ({ ok: false, message, hint });
const good = (value: string): EnvValue => ({ ok: true, value });

/**
 * Checks a DSL value against a tunable's type and converts it: durations to whole numbers of the tunable's
 * unit, booleans to `"true"`/`"false"`, lists comma-joined, JSON maps serialized.
 */
export function toEnvValue(tunable: Tunable, value: unknown): EnvValue {
  switch (tunable.type) {
    case 'duration':
      return durationValue(tunable.unit, value);
    case 'integer':
      return integerValue(value, tunable.min, tunable.max);
    case 'percentage':
      return integerValue(value, 0, 100);
    case 'boolean':
      return typeof value === 'boolean'
        ? good(String(value))
        : bad(`expected true or false, got ${show(value)}`, 'give a boolean');
    case 'enum':
      return typeof value === 'string' && tunable.values.includes(value)
        ? good(value)
        : bad(
            `${show(value)} is not allowed`,
            `use one of ${tunable.values.map((v) => `'${v}'`).join(', ')}`,
          );
    case 'string':
      return stringValue(value, tunable.pattern);
    case 'list':
      return listValue(value);
    case 'json':
      return tunable.shape === 'list' ? jsonListValue(value) : jsonMapValue(value);
    case 'image':
      return imageValue(value);
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(JSON.stringify(value) ?? value);
}

function durationValue(unit: 's' | 'ms', value: unknown): EnvValue {
  if (typeof value !== 'string') return bad(`expected a duration string, got ${show(value)}`, DURATION_HINT);
  const amount = durationIn(value, unit);
  if (amount !== undefined) return good(String(amount));
  return durationIn(value, 'ms') === undefined
    ? bad(`"${value}" is not a duration`, DURATION_HINT)
    : bad(
        `"${value}" is not a whole number of ${unit === 's' ? 'seconds' : 'milliseconds'}`,
        `Litmus reads this tunable in ${unit}; round it, e.g. '${unit === 's' ? '2s' : '500ms'}'`,
      );
}

function integerValue(value: unknown, min: number | undefined, max: number | undefined): EnvValue {
  const range = `from ${min ?? '-∞'} to ${max ?? '∞'}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return bad(`expected a whole number, got ${show(value)}`, `give a whole number ${range}`);
  }
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return bad(`${value} is out of range`, `give a whole number ${range}`);
  }
  return good(String(value));
}

function stringValue(value: unknown, pattern: string | undefined): EnvValue {
  if (typeof value !== 'string') return bad(`expected a string, got ${show(value)}`, 'give a string');
  if (pattern !== undefined && !new RegExp(pattern).test(value)) {
    return bad(`"${value}" does not match ${pattern}`, `give a value matching /${pattern}/`);
  }
  return good(value);
}

function listValue(value: unknown): EnvValue {
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === 'string' && item !== '' && !item.includes(','))
  ) {
    return bad(
      `expected a list of strings, got ${show(value)}`,
      "give an array of non-empty strings without commas, e.g. ['a', 'b']",
    );
  }
  return good(value.join(','));
}

function jsonListValue(value: unknown): EnvValue {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? good(JSON.stringify(value))
    : bad(`expected a list of strings, got ${show(value)}`, "give an array of strings, e.g. ['example.com']");
}

function jsonMapValue(value: unknown): EnvValue {
  const isMap =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
  return isMap
    ? good(JSON.stringify(value))
    : bad(
        `expected a map of strings, got ${show(value)}`,
        "give an object such as { 'example.com': 'other.com' }",
      );
}

/**
 * An image reference as the container runtimes parse it: `[host[:port]/]path[:tag][@sha256:digest]`, where
 * each path component is lower-case alphanumerics joined by `.`, `_`, `__` or dashes.
 */
const IMAGE_REFERENCE = new RegExp(
  [
    '^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?/)?',
    '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*',
    '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$',
  ].join(''),
);

/** Whether `value` is a container image reference. */
export function isImageReference(value: string): boolean {
  return IMAGE_REFERENCE.test(value);
}

function imageValue(value: unknown): EnvValue {
  return typeof value === 'string' && isImageReference(value)
    ? good(value)
    : bad(
        `${show(value)} is not an image reference`,
        "give an image such as 'registry.example.com/litmuschaos/go-runner:3.28.0'",
      );
}

/**
 * The env value a tunable takes when a step leaves it out: the ChaosExperiment's, else the one litmus-go's code
 * falls back to; undefined when neither gives one (an empty value is none).
 */
export function shippedDefault(tunable: Tunable): string | undefined {
  const raw = tunable.default ?? tunable.codeDefault;
  return raw === '' ? undefined : raw;
}

/** A tunable's default written the way the DSL takes it (`'15s'` for a 15-second duration), for docs. */
export function defaultInDslForm(tunable: Tunable): string | undefined {
  const raw = shippedDefault(tunable);
  if (raw === undefined) return undefined;
  switch (tunable.type) {
    case 'duration':
      return `'${raw}${tunable.unit}'`;
    case 'integer':
    case 'percentage':
    case 'boolean':
      return raw;
    case 'list':
      return `[${raw.split(',').map(stringLiteral).join(', ')}]`;
    case 'json':
      return raw;
    default:
      return stringLiteral(raw);
  }
}

/** A default as a JSON value: what the DSL takes (`'15s'`, `10`, `true`, `['a', 'b']`), not its source text. */
export type DefaultValue = string | number | boolean | readonly string[] | Readonly<Record<string, unknown>>;

/** A tunable's default as the value the DSL takes, for `hub --json`; undefined when Litmus has none. */
export function defaultValue(tunable: Tunable): DefaultValue | undefined {
  const raw = shippedDefault(tunable);
  if (raw === undefined) return undefined;
  switch (tunable.type) {
    case 'duration':
      return `${raw}${tunable.unit}`;
    case 'integer':
    case 'percentage':
      return Number(raw);
    case 'boolean':
      return raw === 'true';
    case 'list':
      return raw.split(',');
    case 'json':
      return JSON.parse(raw) as DefaultValue;
    default:
      return raw;
  }
}

/** A TypeScript string literal: single-quoted, as the examples write them, unless the text has a quote. */
function stringLiteral(text: string): string {
  return text.includes("'") || text.includes('\\') ? JSON.stringify(text) : `'${text}'`;
}
