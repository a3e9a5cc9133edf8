import type { ExperimentSpec } from '../model/experiment.js';
import type { ResolvedParams } from './params.js';

/** Tunables whose values the estimated deadline counts. */
const TIMED_TUNABLES = new Set(['totalChaosDuration', 'rampTime']);

/**
 * What a build cannot check about values given at submit: the Argo UI and `chaosflow run` hold them to a param's
 * enum only (`argo submit -p` not even to that), so a param without one lets any text reach Litmus; and the estimated deadline counts a param's default, so a longer value
 * given at submit can be cut short.
 */
export function paramWarnings(spec: ExperimentSpec, uses: ResolvedParams['uses']): string[] {
  const names = [...new Set(uses.map((use) => use.param.name))];
  const open = names.filter((name) => uses.find((use) => use.param.name === name)?.param.enum === undefined);
  const timed = [
    ...new Set(uses.filter((use) => TIMED_TUNABLES.has(use.tunable)).map((use) => use.param.name)),
  ];
  return [
    ...open.map(
      (name) =>
        `param "${name}" has no enum: a value given at submit reaches Litmus unchecked (its default was checked); give it an enum for the Argo UI and chaosflow run to refuse others`,
    ),
    ...(spec.deadline === undefined && timed.length > 0
      ? [
          `the run's deadline is estimated from the default of ${timed.map((name) => `param "${name}"`).join(', ')}: a longer value given at submit may be cut short; set deadline to allow for it`,
        ]
      : []),
  ].map((warning) => `${spec.name}: ${warning}`);
}
