import { CoreV1Api, type KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { SIMULATOR_NAMESPACE_LABEL } from '../env/litmus/simulator.js';
import { hub } from '../helpers.js';

/** Where a trigger test's workloads live, where its runs go, and the experiment the workloads opt in to. */
export interface TriggerSetup {
  readonly apps: string;
  readonly chaos: string;
  readonly workflowId: string;
}

/**
 * Creates the namespaces of a trigger test (the chaos one answered by the Litmus simulator: these tests are
 * about what the service submits, so their runs end in seconds) and installs a pod-delete experiment taking its
 * target from the trigger, with its RBAC. Resolves with what removes it all.
 */
export async function installTriggerExperiment(
  config: KubeConfig,
  { apps, chaos, workflowId }: TriggerSetup,
): Promise<() => Promise<void>> {
  const namespace = (name: string, labels: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  });
  await serverSideApply(config, [namespace(apps), namespace(chaos, SIMULATOR_NAMESPACE_LABEL)] as never);
  const template = compileExperiment(
    experiment({
      name: workflowId,
      id: workflowId,
      chaosNamespace: chaos,
      target: target.fromParameters({ kinds: ['deployment', 'statefulset', 'daemonset'] }),
      faults: [faults.podDelete()],
    }),
    { hub: hub(), rbac: true },
  ).objects;
  await serverSideApply(config, template as never);
  const clusterScoped: KubeObject[] = template.filter((object) => object.metadata.namespace === undefined);
  return async () => {
    const core = config.makeApiClient(CoreV1Api);
    for (const name of [apps, chaos]) await core.deleteNamespace({ name });
    const rbac = config.makeApiClient(RbacAuthorizationV1Api);
    for (const object of clusterScoped) {
      const name = object.metadata.name as string;
      if (object.kind === 'ClusterRole') await rbac.deleteClusterRole({ name });
      if (object.kind === 'ClusterRoleBinding') await rbac.deleteClusterRoleBinding({ name });
    }
  };
}
