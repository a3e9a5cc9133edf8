import type { ParamDefinition } from '../model/param.js';
import { type ParamUse, withParamValues } from './param-uses.js';

type ParamValue = ParamDefinition['default'];

/** Most combinations of enum values a build checks; beyond, each value is checked once, the others at default. */
export const MAX_COMBINATIONS = 64;

/** The experiment as written with some parameters at enum values other than their defaults. */
export interface ParamVariant {
  /** The parameters not at their default, with their values. */
  readonly values: readonly { readonly param: ParamDefinition; readonly value: ParamValue }[];
  /** The experiment with those values, and every other parameter at its default. */
  readonly input: unknown;
}

/**
 * The variants of the experiment a run may be given, so that each is checked (and granted RBAC) at build exactly
 * as the defaults are: every combination of the parameters' enum values, those changing fewer parameters first,
 * when there are at most {@link MAX_COMBINATIONS}; else each value of each parameter once, the others at their
 * defaults (every value is still seen, though not every combination).
 */
export function paramVariants(input: unknown, uses: readonly ParamUse[]): ParamVariant[] {
  const params = enumParams(uses);
  const choices = params.map((param) => param.enum ?? [param.default]);
  const combinations =
    combinationCount(uses) <= MAX_COMBINATIONS ? product(choices) : oneAtATime(params, choices);
  return combinations
    .map((values) =>
      params.flatMap((param, index) =>
        values[index] === param.default ? [] : [{ param, value: values[index] as ParamValue }],
      ),
    )
    .filter((values) => values.length > 0)
    .sort((a, b) => a.length - b.length)
    .map((values) => ({
      values,
      input: withParamValues(
        input,
        (param) => values.find((each) => each.param.name === param.name)?.value ?? param.default,
      ),
    }));
}

/** How many combinations of values the parameters' enums make. */
export function combinationCount(uses: readonly ParamUse[]): number {
  return enumParams(uses).reduce((count, param) => count * (param.enum?.length ?? 1), 1);
}

function enumParams(uses: readonly ParamUse[]): ParamDefinition[] {
  return [...new Map(uses.map((use) => [use.param.name, use.param])).values()].filter(
    (param) => param.enum !== undefined,
  );
}

function product(choices: readonly (readonly ParamValue[])[]): ParamValue[][] {
  return choices.reduce<ParamValue[][]>(
    (combinations, values) =>
      combinations.flatMap((combination) => values.map((value) => [...combination, value])),
    [[]],
  );
}

function oneAtATime(
  params: readonly ParamDefinition[],
  choices: readonly (readonly ParamValue[])[],
): ParamValue[][] {
  const defaults = params.map((param) => param.default);
  return choices.flatMap((values, index) =>
    values.map((value) => defaults.map((each, other) => (other === index ? value : each))),
  );
}
