import type { Parameter } from '../k8s/objects.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { OutputKind } from './output-kind.js';
import type { ResolvedParams } from './param-uses.js';
import { combinationCount, MAX_COMBINATIONS } from './param-variants.js';

/** Tunables whose values the estimated deadline counts. */
const TIMED_TUNABLES = new Set(['totalChaosDuration', 'rampTime']);

/**
 * What a build cannot check about values given at submit: a run holds them to a param's enum only, so a param
 * without one lets any text reach Litmus; too many combinations of enum values are not all checked; and the
 * estimated deadline counts a param's default, so a longer value given at submit can be cut short.
 */
export function paramWarnings(spec: ExperimentSpec, uses: ResolvedParams['uses']): string[] {
  const names = [...new Set(uses.map((use) => use.param.name))];
  const open = names.filter((name) => uses.find((use) => use.param.name === name)?.param.enum === undefined);
  const timed = [
    ...new Set(
      uses
        .filter((use) => use.place === 'tunable' && TIMED_TUNABLES.has(use.tunable))
        .map((use) => use.param.name),
    ),
  ];
  const combinations = combinationCount(uses);
  return [
    ...open.map(
      (name) =>
        `param "${name}" has no enum: a value given at submit reaches Litmus unchecked (its default was checked); give it an enum, and a run given another value fails before any chaos`,
    ),
    ...(combinations > MAX_COMBINATIONS
      ? [
          `its params' enums make ${combinations} combinations, more than the ${MAX_COMBINATIONS} a build checks: each value was checked with the other params at their defaults, not every combination; split the experiment or narrow the enums to have all checked`,
        ]
      : []),
    ...(spec.deadline === undefined && timed.length > 0
      ? [
          `the run's deadline is estimated from the default of ${timed.map((name) => `param "${name}"`).join(', ')}: a longer value given at submit may be cut short; set deadline to allow for it`,
        ]
      : []),
  ].map((warning) => `${spec.name}: ${warning}`);
}

/**
 * A pipeline that calls a ClusterWorkflowTemplate through `templateRef` runs its templates inside its own Workflow,
 * where `workflow.parameters` are the pipeline's: it must declare the experiment's parameters itself.
 */
export function templateRefParameterWarnings(
  spec: ExperimentSpec,
  kind: OutputKind,
  parameters: readonly Parameter[],
): string[] {
  if (kind !== 'cluster-template' || parameters.length === 0) return [];
  const names = parameters.map((parameter) => parameter.name).join(', ');
  return [
    `${spec.name}: a pipeline that calls it through templateRef must declare its parameters (${names}) among its own arguments, with the same enums: the chaos reads them as workflow parameters, and a run whose value is outside an enum fails before any chaos`,
  ];
}
