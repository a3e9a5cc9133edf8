import type { Issue } from '../errors.js';
import type { Hub, Tunable } from '../hub/hub.js';
import { toEnvValue } from '../hub/tunable-value.js';
import type { Parameter } from '../k8s/objects.js';
import { definitionIssues, type ParamDefinition, paramOf } from '../model/param.js';
import { locateRawFaults } from './located-faults.js';
import { TARGET_PARAMETERS } from './parameters.js';

/** Where a parameter stands: the tunable of a fault step (by the step's name) it gives the value of. */
interface ParamUse {
  readonly param: ParamDefinition;
  readonly step: string;
  readonly fault: string;
  readonly tunable: string;
  readonly path: string;
}

/** The parameters of an experiment as written: the input with every parameter replaced by its default, and where each stood. */
export interface ResolvedParams {
  /** The experiment with each parameter's default in its place: what the checks and the compiler read. */
  readonly input: unknown;
  readonly uses: readonly ParamUse[];
  /** Parameters standing where no tunable is, or defined twice differently. */
  readonly issues: readonly Issue[];
}

/**
 * Finds the parameters (`param()`) in an experiment as written, replaces each by its default so that everything
 * after checks and compiles the default exactly as a literal, and says where each stood. Only tunables take a
 * parameter so far; one anywhere else is an issue at its path.
 */
export function resolveParams(input: unknown): ResolvedParams {
  const found: { param: ParamDefinition; path: string }[] = [];
  const replaced = replaceParams(input, '', found);
  if (found.length === 0) return { input, uses: [], issues: [] };
  const faults = locateRawFaults((input as { faults?: unknown } | null)?.faults);
  const uses: ParamUse[] = [];
  const issues: Issue[] = [];
  for (const { param, path } of found) {
    const use = faults.flatMap((fault) => {
      const prefix = `${fault.at}.tunables.`;
      const tunable = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
      return tunable === undefined || tunable.includes('.')
        ? []
        : [
            {
              param,
              step: fault.step,
              fault: fault.fault,
              tunable,
              path: `${fault.path}.tunables.${tunable}`,
            },
          ];
    })[0];
    if (use === undefined)
      issues.push({
        path,
        message: `param "${param.name}" stands where only a literal may`,
        hint: "a param gives a fault's tunable its value; write a literal here",
      });
    else uses.push(use);
  }
  return { input: replaced, uses, issues: [...issues, ...conflicts(found)] };
}

/** A copy of `value` with every parameter replaced by its default, recording each with its path. */
function replaceParams(
  value: unknown,
  path: string,
  found: { param: ParamDefinition; path: string }[],
): unknown {
  const param = paramOf(value);
  if (param !== undefined) {
    found.push({ param, path });
    return param.default;
  }
  if (Array.isArray(value))
    return value.map((item, index) => replaceParams(item, `${path}[${index}]`, found));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      replaceParams(item, path === '' ? key : `${path}.${key}`, found),
    ]),
  );
}

/** Problems of the definitions themselves: each on its own, and one name defined two ways. */
function conflicts(found: readonly { param: ParamDefinition; path: string }[]): Issue[] {
  const first = new Map<string, { param: ParamDefinition; path: string }>();
  const issues: Issue[] = [];
  for (const { param, path } of found) {
    const earlier = first.get(param.name);
    if (earlier === undefined) {
      first.set(param.name, { param, path });
      issues.push(...definitionIssues(param, path));
    } else if (JSON.stringify(earlier.param) !== JSON.stringify(param))
      issues.push({
        path,
        message: `param "${param.name}" is defined differently at ${earlier.path}`,
        hint: 'define it once (a const) and use it in both places, or give each its own name',
      });
    if ((Object.values(TARGET_PARAMETERS) as string[]).includes(param.name))
      issues.push({
        path,
        message: `param "${param.name}" takes the name of a target parameter`,
        hint: `choose another name than ${Object.values(TARGET_PARAMETERS).join(', ')}`,
      });
  }
  return issues;
}

/**
 * What the hub says about each use: the default and every enum value must be a valid value of each tunable the
 * parameter stands for (the default is checked with the experiment too), and Litmus must read them the same way
 * in each, since one Workflow parameter carries them.
 */
export function paramUseIssues(uses: readonly ParamUse[], hub: Hub): Issue[] {
  return byName(uses).flatMap(([param, its]) => {
    const forms = its.map((use) => ({ use, tunable: tunableOf(use, hub) }));
    const issues = forms.flatMap(({ use, tunable }) =>
      tunable === undefined
        ? []
        : // The default is checked with the experiment, as the literal it stands for.
          (param.enum ?? [])
            .filter((value) => value !== param.default)
            .flatMap((value) => {
              const env = toEnvValue(tunable, value);
              return env.ok
                ? []
                : [
                    {
                      path: use.path,
                      message: `enum value ${JSON.stringify(value)} of param "${param.name}": ${env.message}`,
                      hint: env.hint,
                    },
                  ];
            }),
    );
    const litmusForms = new Set(
      forms.flatMap(({ tunable }) => (tunable === undefined ? [] : [envForm(tunable, param.default)])),
    );
    if (litmusForms.size > 1)
      issues.push({
        path: its[1]?.path ?? its[0]?.path ?? '',
        message: `param "${param.name}" stands for tunables Litmus reads differently (${[...litmusForms].join(' and ')} for its default)`,
        hint: 'give each tunable its own param',
      });
    return issues;
  });
}

/** The Workflow parameters of an experiment's params, as the Argo UI's submit form shows them. */
export function submitParameters(uses: readonly ParamUse[], hub: Hub): Parameter[] {
  return byName(uses).map(([param, its]) => {
    const tunable = its.map((use) => tunableOf(use, hub)).find((found) => found !== undefined);
    if (tunable === undefined)
      throw new Error(
        `param ${param.name} stands for no tunable of the hub; checkExperiment should have refused it`,
      );
    const choices = param.enum ?? (tunable.type === 'enum' ? tunable.values : undefined);
    return {
      name: param.name,
      value: envForm(tunable, param.default),
      description: `${param.description} (${formNote(tunable)})`,
      ...(choices === undefined ? {} : { enum: choices.map((value) => envForm(tunable, value)) }),
    };
  });
}

/** How the engines refer to a parameter. */
export function parameterRef(name: string): string {
  return `{{workflow.parameters.${name}}}`;
}

/** The parameter that gives a step's tunable its value, if one does. */
export function paramFor(uses: readonly ParamUse[], step: string, tunable: string): string | undefined {
  return uses.find((use) => use.step === step && use.tunable === tunable)?.param.name;
}

function byName(uses: readonly ParamUse[]): [ParamDefinition, ParamUse[]][] {
  const groups = new Map<string, ParamUse[]>();
  for (const use of uses) groups.set(use.param.name, [...(groups.get(use.param.name) ?? []), use]);
  return [...groups.values()].map((its) => [(its[0] as ParamUse).param, its]);
}

function tunableOf(use: ParamUse, hub: Hub): Tunable | undefined {
  return hub.faults.get(use.fault)?.tunables.find((tunable) => tunable.name === use.tunable);
}

/** A value as Litmus reads it, in the tunable's env var. */
function envForm(tunable: Tunable, value: unknown): string {
  const env = toEnvValue(tunable, value);
  return env.ok ? env.value : String(value);
}

/** How a value given at submit must be written: Litmus reads it as is, only the enum is checked. */
function formNote(tunable: Tunable): string {
  switch (tunable.type) {
    case 'duration':
      return tunable.unit === 's' ? 'whole seconds' : 'whole milliseconds';
    case 'integer':
      return `a whole number${tunable.min === undefined ? '' : ` from ${tunable.min}`}${tunable.max === undefined ? '' : ` to ${tunable.max}`}`;
    case 'percentage':
      return 'a whole number from 0 to 100';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${tunable.values.join(', ')}`;
    case 'list':
      return 'comma-separated';
    case 'json':
      return 'JSON';
    case 'image':
      return 'an image reference';
    case 'string':
      return tunable.pattern === undefined ? 'text' : `text matching ${tunable.pattern}`;
  }
}
