import { lazyModule } from '../lazy.js';

/** fastest-levenshtein, loaded only when there is a mistake to suggest a fix for. */
const levenshtein = lazyModule<typeof import('fastest-levenshtein')>('fastest-levenshtein');

/**
 * `, did you mean "x"?` when a known name is within a couple of typos of `given`, or contains it
 * (`cores` → `cpuCores`), else an empty string.
 */
export function didYouMean(given: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const containing = known.filter((name) => name.toLowerCase().includes(given.toLowerCase()));
  if (given.length >= 3 && containing.length === 1) return ` (did you mean "${containing[0]}"?)`;
  const { closest, distance } = levenshtein();
  const candidate = closest(given, [...known]);
  const tolerance = Math.max(2, Math.floor(given.length / 4));
  return distance(given, candidate) <= tolerance ? ` (did you mean "${candidate}"?)` : '';
}
