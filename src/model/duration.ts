/** Time units chaosflow accepts in durations. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h';

/**
 * A duration written with one whole-number amount and a unit: `'500ms'`, `'30s'`, `'2m'`, `'1h'`.
 * Converted to the unit each Litmus or Argo field expects, and refused when the conversion would lose precision.
 */
export type Duration = `${number}${DurationUnit}`;

const MILLISECONDS: Readonly<Record<DurationUnit, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// Hand-written rather than a library: the grammar is deliberately tiny (one integer and one unit, no
// fractions or compounds) so that what users write maps exactly onto Litmus's integer env values;
// general duration parsers accept far more (`1.5h`, `2 minutes`, bare numbers) than is safe here.
const DURATION_PATTERN = /^(\d+)(ms|s|m|h)$/;

/** Milliseconds in a duration, or `undefined` when the text is not a valid duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, amount, unit] = match as unknown as [string, string, DurationUnit];
  return Number(amount) * MILLISECONDS[unit];
}

/** True when `text` is a valid {@link Duration}. */
export function isDuration(text: string): text is Duration {
  return parseDuration(text) !== undefined;
}

/**
 * Converts a duration to a whole number of `unit`s, or returns `undefined` when it is invalid or not a whole
 * number of that unit (`'1500ms'` in seconds).
 */
export function durationIn(text: string, unit: DurationUnit): number | undefined {
  const ms = parseDuration(text);
  if (ms === undefined || ms % MILLISECONDS[unit] !== 0) return undefined;
  return ms / MILLISECONDS[unit];
}

/** Whole seconds in a valid duration, rounded up (`'1500ms'` → 2). */
export function secondsIn(duration: Duration): number {
  return Math.ceil((parseDuration(duration) ?? 0) / MILLISECONDS.s);
}

/** The hint shown for a malformed duration. */
export const DURATION_HINT = "write a whole number and a unit, e.g. '500ms', '30s', '2m' or '1h'";
