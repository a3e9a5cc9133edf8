import type { ExperimentSpec } from '../model/experiment.js';
import { encodeGuards, GUARD_ANNOTATIONS } from '../model/guarded-run.js';

/** Label every object chaosflow creates carries. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'chaosflow' } as const;

/** {@link MANAGED_BY} as a label selector, for lists and watches of chaosflow's objects. */
export const MANAGED_BY_SELECTOR = Object.entries(MANAGED_BY)
  .map(([key, value]) => `${key}=${value}`)
  .join(',');

/** Label Argo's controller uses to pick the workflows of its instance. */
export const INSTANCE_ID_LABEL = 'workflows.argoproj.io/controller-instanceid';

/** Labels of the workflow objects and of the runs they create: the user's, Litmus's `workflow_id`, ours. */
export function workflowLabels(spec: ExperimentSpec): Record<string, string> {
  return {
    ...spec.labels,
    workflow_id: spec.id,
    ...MANAGED_BY,
    ...(spec.instanceId === undefined ? {} : { [INSTANCE_ID_LABEL]: spec.instanceId }),
  };
}

/**
 * Annotations of the workflow objects: the user's, the title and description the Argo UI shows, and what
 * chaosflow's guardian reads from each run (its abort conditions, whether it waits for an approval first).
 */
export function workflowAnnotations(spec: ExperimentSpec): Record<string, string> {
  return {
    ...spec.annotations,
    ...(spec.title === undefined ? {} : { 'workflows.argoproj.io/title': spec.title }),
    ...(spec.description === undefined ? {} : { 'workflows.argoproj.io/description': spec.description }),
    ...(spec.abortWhen === undefined ? {} : { [GUARD_ANNOTATIONS.conditions]: encodeGuards(spec.abortWhen) }),
    ...(spec.approval === undefined ? {} : { [GUARD_ANNOTATIONS.approval]: spec.approval.timeout }),
  };
}
