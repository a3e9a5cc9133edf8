/**
 * How many of `total` targets Litmus picks for a percentage, as litmus-go does for pods
 * (`filterPodsByPercentage`) and nodes (`GetNodeList`): `max(1, ⌊min(percentage, 100) × total / 100⌋)`, so an
 * empty or zero percentage still hits one. None when there is nothing to pick from.
 */
export function litmusAffected(percentage: number, total: number): number {
  if (total === 0) return 0;
  const percent = Math.min(Math.max(0, Math.trunc(percentage)), 100);
  return Math.max(1, Math.floor((percent * total) / 100));
}

/** A percentage env value as litmus-go reads it: `strconv.Atoi`, so anything else (or empty) is 0. */
export function litmusPercentage(value: string | undefined): number {
  return value !== undefined && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : 0;
}
