/** A step in a path through an experiment as written: a key, or an index in a list. */
export type PathSegment = string | number;

/** A path as messages write it: `faults[0].tunables.force`. */
export function pathText(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}
