import type { Issue } from '../errors.js';

/** The key that marks a submit-time parameter among an experiment's values; a string key survives copying. */
export const PARAM_KEY = '$chaosflowParam';

/** A submit-time parameter as the DSL's `param()` writes it in place of a value. */
export interface ParamDefinition {
  readonly name: string;
  readonly default: string | number | boolean;
  readonly description: string;
  readonly enum?: readonly (string | number | boolean)[];
}

/** The definition a value holds, if it is a parameter. */
export function paramOf(value: unknown): ParamDefinition | undefined {
  if (typeof value !== 'object' || value === null || !(PARAM_KEY in value)) return undefined;
  return (value as Record<typeof PARAM_KEY, ParamDefinition>)[PARAM_KEY];
}

/**
 * Argo's rule for parameter names, narrowed to what is also a label key (at most 63 characters, ending with a
 * letter or digit): the check of a value outside the enum names the parameter in a resource condition.
 */
const PARAMETER_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9])?$/;

/** What is wrong with a parameter's definition on its own, reported at `path`. */
export function definitionIssues(param: ParamDefinition, path: string): Issue[] {
  const at = `${path} (param "${param.name}")`;
  return [
    ...(PARAMETER_NAME.test(param.name)
      ? []
      : [
          {
            path: at,
            message: `"${param.name}" is not a parameter name Argo takes`,
            hint: 'use at most 63 letters, digits, - and _, starting and ending with a letter or digit',
          },
        ]),
    ...(param.description.trim() === ''
      ? [
          {
            path: at,
            message: 'the description is empty',
            hint: 'say what the value changes: the Argo UI shows it',
          },
        ]
      : []),
    ...(param.enum === undefined || param.enum.includes(param.default)
      ? []
      : [
          {
            path: at,
            message: `the default ${JSON.stringify(param.default)} is not one of its enum`,
            hint: 'add the default to enum, or choose a default from it',
          },
        ]),
    ...[param.default, ...(param.enum ?? [])]
      .filter((value) => /\{\{|\}\}/.test(String(value)))
      .map((value) => ({
        path: at,
        message: `${JSON.stringify(value)} holds {{ or }}, which Argo reads as a variable`,
        hint: 'write the value without {{ and }}',
      })),
  ];
}
