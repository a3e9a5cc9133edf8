import { isDnsLabel } from '../model/names.js';

/** The annotations by which a workload opts in to event-driven chaos (Litmus's names, 2.x and 3.x). */
export const OPT_IN_ANNOTATIONS = {
  gitops: 'litmuschaos.io/gitops',
  /** Litmus 2.x: the id of the workflow to run. */
  workflow: 'litmuschaos.io/workflow',
  /** Litmus 3.x: the same, renamed. */
  experimentId: 'litmuschaos.io/experimentId',
  /** Litmus's own opt-in to being a chaos target. */
  chaos: 'litmuschaos.io/chaos',
} as const;

/** Whether a workload asked for chaos on change, and for which experiment. */
export type OptIn =
  | { readonly kind: 'not-annotated' }
  | { readonly kind: 'refused'; readonly experimentId?: string; readonly reason: string }
  | { readonly kind: 'opted-in'; readonly experimentId: string };

/** Where the chaos-target opt-in is read: Litmus's annotation by default, configurable for other conventions. */
export interface OptInOptions {
  readonly targetAnnotation?: string;
}

/**
 * Reads a workload's opt-in. A workload is only ever a target when it carries both the GitOps annotations
 * and the chaos-target opt-in: the trigger must never hit a workload that did not ask for it.
 */
export function optInOf(
  annotations: Readonly<Record<string, string>> | undefined,
  options: OptInOptions = {},
): OptIn {
  const given = annotations ?? {};
  if (given[OPT_IN_ANNOTATIONS.gitops] !== 'true') return { kind: 'not-annotated' };
  const legacy = given[OPT_IN_ANNOTATIONS.workflow];
  const current = given[OPT_IN_ANNOTATIONS.experimentId];
  if (legacy === undefined && current === undefined) return { kind: 'not-annotated' };
  if (legacy !== undefined && current !== undefined && legacy !== current) {
    return {
      kind: 'refused',
      reason: `${OPT_IN_ANNOTATIONS.workflow} "${legacy}" and ${OPT_IN_ANNOTATIONS.experimentId} "${current}" name different experiments; keep one`,
    };
  }
  const experimentId = (current ?? legacy) as string;
  if (!isDnsLabel(experimentId)) {
    return {
      kind: 'refused',
      experimentId,
      reason: `"${experimentId}" is not an experiment id (a DNS label)`,
    };
  }
  const targetAnnotation = options.targetAnnotation ?? OPT_IN_ANNOTATIONS.chaos;
  if (given[targetAnnotation] !== 'true') {
    return {
      kind: 'refused',
      experimentId,
      reason: `the workload is not opted in as a chaos target; annotate it ${targetAnnotation}: "true"`,
    };
  }
  return { kind: 'opted-in', experimentId };
}
