/**
 * `T` read-only all the way down. The DSL's builders take read-only values (so `as const` data fits) and must
 * fit the model's input read-only: that is how the compiler checks the DSL against the model.
 */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
