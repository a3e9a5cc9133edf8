/** The whole numbers from 0 to `N`, as a union: built one by one, since TypeScript has no range types. */
type UpTo<N extends number, Counted extends number[] = []> = Counted['length'] extends N
  ? Counted[number] | N
  : UpTo<N, [...Counted, Counted['length']]>;

/** A whole percentage, 0 to 100, as Litmus's `*_PERC` and load tunables take it: 150 or 12.5 is a type error. */
export type Percentage = UpTo<100>;
