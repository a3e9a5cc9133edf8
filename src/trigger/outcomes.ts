/** How a run was started: by a watched workload change, or by `POST /v1/trigger`. */
export const FIRE_KINDS = ['change', 'http'] as const;

/** How a run was started. */
export type FireKind = (typeof FIRE_KINDS)[number];

/** Why a trigger started no run; the `reason` label of `chaosflow_triggers_skipped_total`. */
export const SKIP_REASONS = [
  'refused',
  'policy',
  'superseded',
  'rollout-timeout',
  'paused',
  'duplicate',
  'no-template',
  'invalid-target',
] as const;

/** Why a trigger started no run. */
export type SkipReason = (typeof SKIP_REASONS)[number];
