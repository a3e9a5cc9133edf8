import type { V1ContainerStatus, V1Pod, V1PodStatus } from '@kubernetes/client-node';

/** How a pod's main process ended. */
export interface Exit {
  readonly code: number;
  readonly message: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/**
 * The status a kubelet reports while the pod's process runs: phase Running, its containers running and ready.
 * Init containers (Argo's `init`) have completed by then.
 */
export function runningStatus(pod: V1Pod, startedAt: Date, restartCount = 0): V1PodStatus {
  return {
    phase: 'Running',
    startTime: startedAt,
    ...initStatuses(pod, startedAt),
    containerStatuses: (pod.spec?.containers ?? []).map((container) => ({
      ...containerIdentity(container.name, container.image),
      ready: true,
      started: true,
      restartCount,
      state: { running: { startedAt } },
    })),
  };
}

/**
 * The status a kubelet reports once the process ended for good: phase Succeeded or Failed and every container
 * terminated (reason `Completed` or `Error`, not ready), as chaos-operator and Argo's controller read it.
 */
export function terminatedStatus(pod: V1Pod, exit: Exit, restartCount = 0): V1PodStatus {
  const terminated = {
    exitCode: exit.code,
    reason: exit.code === 0 ? 'Completed' : 'Error',
    startedAt: exit.startedAt,
    finishedAt: exit.finishedAt,
    ...(exit.code === 0 ? {} : { message: exit.message }),
  };
  return {
    phase: exit.code === 0 ? 'Succeeded' : 'Failed',
    ...(exit.code === 0 ? {} : { message: exit.message }),
    startTime: exit.startedAt,
    ...initStatuses(pod, exit.startedAt),
    containerStatuses: (pod.spec?.containers ?? []).map((container) => ({
      ...containerIdentity(container.name, container.image),
      ready: false,
      started: false,
      restartCount,
      state: { terminated },
    })),
  };
}

function initStatuses(pod: V1Pod, at: Date): Pick<V1PodStatus, 'initContainerStatuses'> {
  const init = pod.spec?.initContainers ?? [];
  if (init.length === 0) return {};
  return {
    initContainerStatuses: init.map((container) => ({
      ...containerIdentity(container.name, container.image),
      ready: true,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } },
    })),
  };
}

function containerIdentity(
  name: string,
  image: string | undefined,
): Pick<V1ContainerStatus, 'name' | 'image' | 'imageID'> {
  return { name, image: image ?? '', imageID: '' };
}

/** What a kubelet says of a pod it killed because it outlived `spec.activeDeadlineSeconds`. */
export const DEADLINE_EXCEEDED = {
  reason: 'DeadlineExceeded',
  message: 'Pod was active on the node longer than the specified deadline',
} as const;

/** The status a kubelet reports once it has killed a pod past its deadline: Failed, `DeadlineExceeded`. */
export function deadlineExceededStatus(pod: V1Pod, exit: Exit, restartCount = 0): V1PodStatus {
  return { ...terminatedStatus(pod, exit, restartCount), ...DEADLINE_EXCEEDED };
}
