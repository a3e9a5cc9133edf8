import type { KubeConfig } from '@kubernetes/client-node';
import { serverSideApply } from './apply.js';

/** Namespace the workflow controller runs in and reads its ConfigMap from. */
export const ARGO_NAMESPACE = 'argo';

/** Image name the controller writes into workflow pods; never pulled, since the pod runner executes argoexec itself. */
export const EXECUTOR_IMAGE = 'argoproj/argoexec:testenv';

/**
 * The controller's namespace and `workflow-controller-configmap` (the controller exits without it), with its
 * metrics served on a port of the harness's choosing instead of 9090.
 */
export async function prepareWorkflowController(config: KubeConfig, metricsPort: number): Promise<void> {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ARGO_NAMESPACE } };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'workflow-controller-configmap', namespace: ARGO_NAMESPACE },
    data: { metricsConfig: `enabled: true\nport: ${metricsPort}\n`, telemetryConfig: 'enabled: false\n' },
  };
  await serverSideApply(config, [namespace, configMap]);
}

/** Arguments and environment of the off-cluster workflow controller. */
export function workflowControllerCommand(kubeconfig: string): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      ARGO_NAMESPACE,
      '--executor-image',
      EXECUTOR_IMAGE,
      '--loglevel',
      'info',
    ],
    env: { ...process.env, LEADER_ELECTION_DISABLE: 'true' },
  };
}
