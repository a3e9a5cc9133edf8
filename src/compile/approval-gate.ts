import type { Template, WorkflowStep } from '../k8s/objects.js';
import { secondsIn } from '../model/duration.js';
import type { ExperimentSpec } from '../model/experiment.js';
import { OWN_RUN_MANIFEST, templateNames } from './names.js';

/**
 * The steps of an approval, first in `main`: `approval` waits for a person (the Argo UI's Resume, or `argo
 * resume`), and `approval-timed-out` fails the run, before any chaos, when nobody did within the timeout.
 *
 * Argo's suspend step ends the same way whether it was resumed or its duration ran out (both take an output's
 * default), so the only difference is when it ended: released before its timeout, or at it.
 */
export function approvalSteps(spec: ExperimentSpec): WorkflowStep[][] {
  if (spec.approval === undefined) return [];
  const waited = `date(steps['${templateNames.approval}'].finishedAt) - date(steps['${templateNames.approval}'].startedAt)`;
  return [
    [{ name: templateNames.approval, template: templateNames.approval }],
    [
      {
        name: templateNames.approvalTimedOut,
        template: templateNames.approvalTimedOut,
        when: `{{= ${waited} >= duration('${secondsIn(spec.approval.timeout)}s') }}`,
      },
    ],
  ];
}

/** The templates of {@link approvalSteps}. */
export function approvalTemplates(spec: ExperimentSpec): Template[] {
  if (spec.approval === undefined) return [];
  return [
    { name: templateNames.approval, suspend: { duration: `${secondsIn(spec.approval.timeout)}s` } },
    {
      name: templateNames.approvalTimedOut,
      // A read of the run itself that always fails, on a field no Workflow has, worded for why the run ended: argoexec
      // reports "failure condition '{approval != [given-within-1800s]}' evaluated true".
      resource: {
        action: 'get',
        manifest: OWN_RUN_MANIFEST,
        failureCondition: `approval != given-within-${secondsIn(spec.approval.timeout)}s`,
      },
    },
  ];
}
