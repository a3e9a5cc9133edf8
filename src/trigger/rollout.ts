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

/**
 * Whether the workload runs its current revision everywhere, as `kubectl rollout status` decides it: the
 * controller has seen the current spec, every replica is updated and available, and no old one is left.
 * Chaos before that would hit the previous version, or a rollout still in progress.
 */
export function rolloutComplete(kind: TriggerKind, workload: RolloutView): boolean {
  const status = workload.status ?? {};
  const observed = (status.observedGeneration ?? 0) >= (workload.metadata.generation ?? 0);
  if (!observed) return false;
  switch (kind) {
    case 'deployment': {
      const desired = workload.spec?.replicas ?? 1;
      return (
        (status.updatedReplicas ?? 0) >= desired &&
        (status.replicas ?? 0) === (status.updatedReplicas ?? 0) &&
        (status.availableReplicas ?? 0) >= desired
      );
    }
    case 'statefulset': {
      const desired = workload.spec?.replicas ?? 1;
      return (
        (status.updatedReplicas ?? 0) >= desired &&
        (status.readyReplicas ?? 0) >= desired &&
        (status.updateRevision === undefined || status.currentRevision === status.updateRevision)
      );
    }
    case 'daemonset': {
      const desired = status.desiredNumberScheduled ?? 0;
      return (status.updatedNumberScheduled ?? 0) >= desired && (status.numberAvailable ?? 0) >= desired;
    }
  }
}
