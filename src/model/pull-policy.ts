/** Kubernetes' image pull policies. */
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

/** A Kubernetes image pull policy. */
export type PullPolicy = (typeof PULL_POLICIES)[number];
