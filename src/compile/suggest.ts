import { closest, distance } from 'fastest-levenshtein';

/**
 * `, did you mean "x"?` when a known name is within a couple of typos of `given`, or contains it
 * (`cores` → `cpuCores`), else an empty string.
 */
export function didYouMean(given: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const containing = known.filter((name) => name.toLowerCase().includes(given.toLowerCase()));
  if (given.length >= 3 && containing.length === 1) return ` (did you mean "${containing[0]}"?)`;
  const candidate = closest(given, [...known]);
  const tolerance = Math.max(2, Math.floor(given.length / 4));
  return distance(given, candidate) <= tolerance ? ` (did you mean "${candidate}"?)` : '';
}
