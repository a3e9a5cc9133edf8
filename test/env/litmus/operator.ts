import { join } from 'node:path';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { objectsIn, serverSideApply } from '../apply.js';
import { goModuleDir } from '../go-modules.js';
import { serviceAccountKubeconfig } from '../service-account-kubeconfig.js';
import { ENV_DIR, versions } from '../versions.js';

/**
 * The namespace chaos-operator watches: Litmus's own (its `deploy/rbac.yaml` puts the operator's service
 * account there) and chaosflow's default chaos namespace, so an experiment compiled with defaults gets real
 * chaos. Engines elsewhere are answered by nobody, or by the simulator where a namespace asks for it.
 */
export const OPERATOR_NAMESPACE = 'litmus';

/**
 * The runner image the operator puts in runner pods (its `CHAOS_RUNNER_IMAGE`, as Litmus's chart sets it); the
 * pod runner plays it with the chaos-runner stand-in. The tag is the chaos-runner release the stand-in follows.
 */
export const CHAOS_RUNNER_IMAGE = 'litmuschaos.docker.scarf.sh/litmuschaos/chaos-runner:3.5.0';

/** chaos-operator's service account, ClusterRole and binding, as its module ships them (`deploy/rbac.yaml`). */
export function operatorRbac(): KubernetesObject[] {
  const module = goModuleDir('github.com/litmuschaos/chaos-operator', versions.chaosOperator, ENV_DIR);
  return objectsIn(join(module, 'deploy')).filter((object) =>
    ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'].includes(object.kind ?? ''),
  );
}

/**
 * Installs the operator's RBAC and returns how to start it off-cluster as its own service account: a kubeconfig
 * with that account's token (valid a week; `testenv up` makes a new one whenever it starts the operator),
 * `WATCH_NAMESPACE`, `ANALYTICS=FALSE` (else it calls the internet at start) and no metrics or probe ports.
 */
export async function prepareOperator(
  config: KubeConfig,
  workDir: string,
): Promise<{ args: string[]; env: NodeJS.ProcessEnv }> {
  const rbac = operatorRbac();
  await serverSideApply(config, rbac);
  const account = rbac.find((object) => object.kind === 'ServiceAccount');
  const kubeconfig = await serviceAccountKubeconfig(
    config,
    account?.metadata?.namespace ?? OPERATOR_NAMESPACE,
    account?.metadata?.name ?? 'litmus',
    workDir,
    { file: 'operator.kubeconfig', expirationSeconds: 7 * 24 * 3600 },
  );
  return {
    args: ['--metrics-bind-address=0', '--health-probe-bind-address=0'],
    env: {
      PATH: process.env.PATH,
      KUBECONFIG: kubeconfig,
      WATCH_NAMESPACE: OPERATOR_NAMESPACE,
      ANALYTICS: 'FALSE',
      CHAOS_RUNNER_IMAGE,
      OPERATOR_NAME: 'chaos-operator',
    },
  };
}
