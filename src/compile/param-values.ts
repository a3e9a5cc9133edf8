import { UserError } from '../errors.js';
import type { Hub } from '../hub/hub.js';
import type { Parameter } from '../k8s/objects.js';
import type { ParamDefinition } from '../model/param.js';
import { resolveParams, withParamValues } from './param-uses.js';
import { submitParameters } from './params.js';

type ParamValue = ParamDefinition['default'];

/**
 * The experiment as written with each param at the value a run given `given` would use, for reading what it would
 * do (`chaosflow plan -p`). Values come in the form the run's parameter takes (whole seconds for a duration
 * tunable); a param's enum maps one back to the value it stands for, and a param without an enum takes only its
 * default here, since its form cannot be read back. Names that are not params (a target's parameters) are left
 * for the caller.
 * @throws {@link UserError} naming every value that is not one the param takes.
 */
export function withSubmittedParams(
  input: unknown,
  given: Readonly<Record<string, string>>,
  hub: Hub,
): unknown {
  const { uses } = resolveParams(input);
  const definitions = new Map(uses.map((use) => [use.param.name, use.param]));
  const chosen = new Map<string, ParamValue>();
  const problems: string[] = [];
  for (const parameter of submitParameters(uses, hub)) {
    const text = given[parameter.name];
    const param = definitions.get(parameter.name);
    if (text === undefined || param === undefined) continue;
    const read = valueFor(parameter, param, text);
    if ('problem' in read) problems.push(read.problem);
    else chosen.set(parameter.name, read.value);
  }
  if (problems.length > 0)
    throw new UserError(
      `${problems.join('\n')}\n  → give a value the param takes, as its submit form shows it`,
    );
  return withParamValues(input, (param) => (chosen.has(param.name) ? chosen.get(param.name) : param.default));
}

/** The value `text` (in the parameter's form) stands for, or why it stands for none. */
function valueFor(
  parameter: Parameter,
  param: ParamDefinition,
  text: string,
): { value: ParamValue } | { problem: string } {
  const given = `-p ${parameter.name}=${text}`;
  if (parameter.enum === undefined)
    return text === parameter.value
      ? { value: param.default }
      : {
          problem: `${given}: param ${parameter.name} has no enum, so only its default ${parameter.value} can be planned`,
        };
  const index = parameter.enum.indexOf(text);
  if (index < 0) return { problem: `${given}: not one of ${parameter.enum.join(', ')}` };
  // Without an enum of its own, the param offers its tunable's values, written as they are.
  return { value: param.enum?.[index] ?? text };
}
