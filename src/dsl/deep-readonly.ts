/**
 * `T` read-only all the way down. The DSL's builders take read-only values (so `as const` data fits) and must
 * fit the model's input read-only: that is how the compiler checks the DSL against the model.
 */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * The DSL's read-only inputs as the model's plain, independent data. The cast only drops `readonly`, so the
 * compiler still checks every builder's result against the model's input.
 */
export function toModel<T>(value: T): DeepMutable<T> {
  return structuredClone(value) as DeepMutable<T>;
}

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;
