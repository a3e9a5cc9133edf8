import type { Template } from '../k8s/objects.js';
import { secondsIn } from '../model/duration.js';
import type { ExperimentSpec } from '../model/experiment.js';
import { GUARD_ANNOTATIONS, GUARDIAN_ANSWERS } from '../model/guarded-run.js';
import { OWN_RUN_MANIFEST, templateNames } from './names.js';

const answer = `metadata.annotations.${GUARD_ANNOTATIONS.answer}`;

/**
 * `wait-for-guardian`, the first step of a run with abort conditions: reads the run's own Workflow until the
 * guardian has answered. `watching` lets the run go on to its chaos, `refused` fails it at once; no answer
 * within `guardianTimeout` fails it too, so a run whose conditions nobody watches never injects chaos. argoexec
 * polls a resource condition every 5 s and has no timeout of its own, hence the step's deadline.
 */
export function guardianGateTemplate(spec: ExperimentSpec): Template {
  return {
    name: templateNames.waitForGuardian,
    activeDeadlineSeconds: String(secondsIn(spec.guardianTimeout)),
    resource: {
      action: 'get',
      manifest: OWN_RUN_MANIFEST,
      successCondition: `${answer} == ${GUARDIAN_ANSWERS.watching}`,
      failureCondition: `${answer} == ${GUARDIAN_ANSWERS.refused}`,
    },
  };
}
