import type { TriggerKind } from './trigger-request.js';

/** The status fields of apps/v1 workloads that tell whether a rollout has finished. */
export interface RolloutView {
  readonly metadata: { readonly generation?: number };
  readonly spec?: { readonly replicas?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly availableReplicas?: number;
    readonly readyReplicas?: number;
    readonly currentRevision?: string;
    readonly updateRevision?: string;
    readonly desiredNumberScheduled?: number;
    readonly updatedNumberScheduled?: number;
    readonly numberAvailable?: number;
  };
}

type Status = NonNullable<RolloutView['status']>;

/**
 * Whether the workload runs its current revision everywhere, as `kubectl rollout status` decides it: the
 * controller has seen the current spec, every replica is updated and available, and no old one is left.
 * Chaos before that would hit the previous version, or a rollout still in progress.
 */
export function rolloutComplete(kind: TriggerKind, workload: RolloutView): boolean {
  const status = workload.status ?? {};
  if ((status.observedGeneration ?? 0) < (workload.metadata.generation ?? 0)) return false;
  return ROLLOUT_DONE[kind](status, workload.spec?.replicas ?? 1);
}

/** Each watched kind's rule: every watched kind in src/model/workload-kinds.ts needs one. */
const ROLLOUT_DONE: Record<TriggerKind, (status: Status, desired: number) => boolean> = {
  deployment: deploymentDone,
  statefulset: statefulSetDone,
  daemonset: daemonSetDone,
};

function deploymentDone(status: Status, desired: number): boolean {
  const updated = status.updatedReplicas ?? 0;
  return (
    updated >= desired && (status.replicas ?? 0) === updated && (status.availableReplicas ?? 0) >= desired
  );
}

function statefulSetDone(status: Status, desired: number): boolean {
  const onUpdateRevision =
    status.updateRevision === undefined || status.currentRevision === status.updateRevision;
  return (
    (status.updatedReplicas ?? 0) >= desired && (status.readyReplicas ?? 0) >= desired && onUpdateRevision
  );
}

function daemonSetDone(status: Status): boolean {
  const desired = status.desiredNumberScheduled ?? 0;
  return (status.updatedNumberScheduled ?? 0) >= desired && (status.numberAvailable ?? 0) >= desired;
}
