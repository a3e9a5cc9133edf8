import { closest, distance } from 'fastest-levenshtein';

/** `, did you mean "x"?` when a known name is within a couple of typos of `given`, else an empty string. */
export function didYouMean(given: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const candidate = closest(given, [...known]);
  const tolerance = Math.max(2, Math.floor(given.length / 4));
  return distance(given, candidate) <= tolerance ? ` (did you mean "${candidate}"?)` : '';
}
