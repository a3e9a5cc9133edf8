import type { Parameter, Template, WorkflowStep } from '../k8s/objects.js';
import { OWN_RUN_MANIFEST, templateNames } from './names.js';

/** The submit parameters that have an enum: the values a run may be given are known at build. */
function enumParameters(parameters: readonly Parameter[]): (Parameter & { enum: string[] })[] {
  return parameters.filter(
    (parameter): parameter is Parameter & { enum: string[] } => parameter.enum !== undefined,
  );
}

/**
 * The first step group of `main`: one step per parameter with an enum, run only when the run's value is not one
 * of it, and failing then, before any approval or chaos. The Argo UI's submit form and `chaosflow run` offer only
 * the enum's values, but `argo submit -p` and the API take any text, and a value Litmus reads unchecked must not
 * reach an engine.
 */
export function paramCheckSteps(parameters: readonly Parameter[]): WorkflowStep[][] {
  const checked = enumParameters(parameters);
  if (checked.length === 0) return [];
  const stepNames = uniqueStepNames(checked.map((parameter) => parameter.name));
  return [
    checked.map((parameter, index) => ({
      name: stepNames[index] as string,
      template: templateNames.paramOutsideEnum,
      arguments: { parameters: [{ name: 'param', value: parameter.name }] },
      when: `{{= !(workflow.parameters[${exprString(parameter.name)}] in [${parameter.enum.map(exprString).join(', ')}]) }}`,
    })),
  ];
}

/** The template of {@link paramCheckSteps}, when there is a parameter to check. */
export function paramCheckTemplates(parameters: readonly Parameter[]): Template[] {
  if (enumParameters(parameters).length === 0) return [];
  return [
    {
      name: templateNames.paramOutsideEnum,
      inputs: { parameters: [{ name: 'param' }] },
      // A read of the run itself that always fails, on a field no Workflow has, worded for why the run ended:
      // argoexec reports "failure condition '{chaosDuration != [one-of-its-enum]}' evaluated true". A parameter's
      // name is a valid label key (the DSL checks it), so the condition parses.
      resource: {
        action: 'get',
        manifest: OWN_RUN_MANIFEST,
        failureCondition: '{{inputs.parameters.param}} != one-of-its-enum',
      },
    },
  ];
}

/** A string literal of Argo's expression language (expr), which reads JSON's escapes. */
function exprString(text: string): string {
  return JSON.stringify(text);
}

/** `check-<name>` per parameter: step names take no `_`, so two names may meet once it is replaced. */
function uniqueStepNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = `check-${name.replaceAll('_', '-')}`;
    let candidate = base;
    for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${base}-${suffix}`;
    taken.add(candidate);
    return candidate;
  });
}
