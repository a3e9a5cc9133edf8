import type { Guard } from '../model/guard.js';

/**
 * One evaluation of an abort condition: it holds (`breached`), it does not (`clear`), or it could not be told
 * (`unavailable`: Prometheus down, the API refusing a read). `detail` says what was seen, for the reason a
 * stopped run gives: `0.12 > 0.05`, `answered 503`, `connect ECONNREFUSED`.
 */
export interface Reading {
  readonly state: 'breached' | 'clear' | 'unavailable';
  readonly detail: string;
}

/** Evaluates one condition once; gives up when `signal` aborts. Never throws: a failure is `unavailable`. */
export type ConditionReader = (guard: Guard, signal: AbortSignal) => Promise<Reading>;

/** Whether `value` crosses the condition's threshold, and the comparison as text. */
export function compareToThreshold(
  value: number,
  threshold: { readonly above?: number | undefined; readonly below?: number | undefined },
): Reading {
  if (threshold.above !== undefined) {
    return value > threshold.above
      ? { state: 'breached', detail: `${value} > ${threshold.above}` }
      : { state: 'clear', detail: `${value} <= ${threshold.above}` };
  }
  const below = threshold.below ?? Number.NEGATIVE_INFINITY;
  return value < below
    ? { state: 'breached', detail: `${value} < ${below}` }
    : { state: 'clear', detail: `${value} >= ${below}` };
}

/** What went wrong, in one line, from anything thrown. */
export function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
