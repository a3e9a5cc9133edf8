import type { Issue } from '../errors.js';
import type { Hub, Tunable } from '../hub/hub.js';
import { toEnvValue } from '../hub/tunable-value.js';
import type { Parameter } from '../k8s/objects.js';
import type { ParamDefinition } from '../model/param.js';
import type { ParamUse } from './param-uses.js';

/**
 * Litmus must read a parameter's values the same way wherever it stands, since one Workflow parameter carries
 * them (a duration is whole seconds in a tunable, `30s` in a probe's timing).
 */
export function paramUseIssues(uses: readonly ParamUse[], hub: Hub): Issue[] {
  return byName(uses).flatMap(([param, its]) => {
    // A use of a tunable the hub does not have is refused with the experiment's checks.
    const forms = new Set(its.flatMap((use) => formOf(use, hub)?.write(param.default) ?? []));
    if (forms.size <= 1) return [];
    return [
      {
        path: its[1]?.path ?? its[0]?.path ?? '',
        message: `param "${param.name}" stands for values Litmus reads differently (${[...forms].join(' and ')} for its default)`,
        hint: 'give each its own param',
      },
    ];
  });
}

/** The Workflow parameters of an experiment's params, as the Argo UI's submit form shows them. */
export function submitParameters(uses: readonly ParamUse[], hub: Hub): Parameter[] {
  return byName(uses).map(([param, its]) => {
    const form = formOf(its[0] as ParamUse, hub);
    if (form === undefined)
      throw new Error(
        `param ${param.name} stands for no tunable of the hub; checkExperiment should have refused it`,
      );
    const choices = param.enum ?? form.choices;
    return {
      name: param.name,
      value: form.write(param.default),
      description: `${param.description} (${form.note})`,
      ...(choices === undefined ? {} : { enum: choices.map(form.write) }),
    };
  });
}

/** How a run's value reaches what a parameter stands for. */
export function parameterRef(name: string): string {
  return `{{workflow.parameters.${name}}}`;
}

/** The parameter that gives a step's tunable its value, if one does. */
export function paramFor(uses: readonly ParamUse[], step: string, tunable: string): string | undefined {
  return uses.find((use) => use.place === 'tunable' && use.step === step && use.tunable === tunable)?.param
    .name;
}

function byName(uses: readonly ParamUse[]): [ParamDefinition, ParamUse[]][] {
  const groups = new Map<string, ParamUse[]>();
  for (const use of uses) groups.set(use.param.name, [...(groups.get(use.param.name) ?? []), use]);
  return [...groups.values()].map((its) => [(its[0] as ParamUse).param, its]);
}

/** How Litmus reads the values of a use, what the submit form says of them, and the values it offers unasked. */
interface ValueForm {
  readonly write: (value: unknown) => string;
  readonly note: string;
  readonly choices?: readonly unknown[];
}

function formOf(use: ParamUse, hub: Hub): ValueForm | undefined {
  switch (use.place) {
    case 'tunable': {
      const tunable = hub.faults.get(use.fault)?.tunables.find((each) => each.name === use.tunable);
      if (tunable === undefined) return undefined;
      return {
        write: (value) => envForm(tunable, value),
        note: tunableNote(tunable),
        ...(tunable.type === 'enum' ? { choices: tunable.values } : {}),
      };
    }
    case 'probe':
      return { write: String, note: probeNote(use.field) };
    case 'target':
      return { write: String, note: targetNote(use.field) };
  }
}

/** What a probe's field takes, by its name. */
const PROBE_NOTES: Readonly<Record<string, string>> = {
  url: 'a URL',
  endpoint: "Prometheus's URL",
  responseCode: 'an HTTP status code',
  value: "what the probe's comparator compares with",
  command: 'a shell command',
  query: 'a PromQL query',
  labelSelector: 'a label selector',
  fieldSelector: 'a field selector',
  resourceNames: 'comma-separated names',
};

function probeNote(field: readonly (string | number)[]): string {
  if (field[0] === 'runProperties') return "a duration, e.g. '5s'";
  return PROBE_NOTES[String(field.at(-1))] ?? 'text';
}

function targetNote(field: readonly (string | number)[]): string {
  switch (field[0]) {
    case 'namespace':
      return "the target's namespace";
    case 'kind':
      return "the target's workload kind";
    case 'labels':
      return `the value of the target's label ${String(field[1])}`;
    default:
      return 'the name of a target workload';
  }
}

/** A value as Litmus reads it, in the tunable's env var. */
function envForm(tunable: Tunable, value: unknown): string {
  const env = toEnvValue(tunable, value);
  return env.ok ? env.value : String(value);
}

/** How a value given at submit must be written: Litmus reads it as is. */
function tunableNote(tunable: Tunable): string {
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
