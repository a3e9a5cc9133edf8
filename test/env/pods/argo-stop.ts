import { ApiException, type CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';

interface WorkflowView {
  spec?: { shutdown?: string };
  status?: { nodes?: Record<string, { phase?: string }> };
}

/**
 * Whether an Argo step pod should be stopped, as Argo's controller would have it stopped through `pods/exec`
 * (which this runner does not serve): its Workflow is gone, or is shutting down and the step is not the exit
 * handler, or the step's node has already ended (a deadline, a failed sibling).
 */
export async function argoStepShouldStop(custom: CustomObjectsApi, pod: V1Pod): Promise<boolean> {
  const workflowName = pod.metadata?.labels?.['workflows.argoproj.io/workflow'] ?? '';
  const nodeId = pod.metadata?.annotations?.['workflows.argoproj.io/node-id'] ?? '';
  let workflow: WorkflowView;
  try {
    workflow = (await custom.getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: pod.metadata?.namespace ?? '',
      plural: 'workflows',
      name: workflowName,
    })) as WorkflowView;
  } catch (error) {
    // Gone for good stops the step; any other failure (the API server restarting) decides nothing yet.
    return error instanceof ApiException && error.code === 404;
  }
  const phase = workflow.status?.nodes?.[nodeId]?.phase;
  const isExitHandler =
    pod.metadata?.labels?.['workflows.argoproj.io/on-exit'] === 'true' ||
    pod.metadata?.annotations?.['workflows.argoproj.io/node-name']?.includes('.onExit') === true;
  return (
    (workflow.spec?.shutdown !== undefined && !isExitHandler) ||
    phase === 'Failed' ||
    phase === 'Error' ||
    phase === 'Succeeded'
  );
}
