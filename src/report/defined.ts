/** Optional fields as they are written: a field whose value is `undefined` is left out. */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * `fields` without the ones that are `undefined`, so a report holds only what is known (and its JSON has no
 * `null`s); one call instead of a conditional spread per optional field.
 */
export function defined<T extends Record<string, unknown>>(fields: T): Defined<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Defined<T>;
}
