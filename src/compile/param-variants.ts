import type { ParamDefinition } from '../model/param.js';
import { type ParamUse, withParamValues } from './param-uses.js';

/** The experiment as written with one parameter at one of its enum values other than its default. */
export interface ParamVariant {
  readonly param: ParamDefinition;
  readonly value: string | number | boolean;
  /** The experiment with that value for the parameter, and every other parameter at its default. */
  readonly input: unknown;
}

/**
 * One variant of the experiment per enum value of each parameter, so that every value a run may be given is
 * checked (and granted RBAC) at build exactly as its default is. Parameters vary one at a time: each value is
 * still seen in some variant, and the variants grow with the sum of the enums, not their product.
 */
export function paramVariants(input: unknown, uses: readonly ParamUse[]): ParamVariant[] {
  const params = new Map(uses.map((use) => [use.param.name, use.param]));
  return [...params.values()].flatMap((param) =>
    (param.enum ?? [])
      .filter((value) => value !== param.default)
      .map((value) => ({
        param,
        value,
        input: withParamValues(input, (each) => (each.name === param.name ? value : each.default)),
      })),
  );
}
