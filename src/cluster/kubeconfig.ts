import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../errors.js';

/**
 * The cluster configuration as kubectl finds it: `$KUBECONFIG`, else `~/.kube/config`, else the pod's service
 * account. @throws {@link UserError} naming the file that cannot be read or parsed, and what to do, or saying
 * that no cluster is configured at all.
 */
export function loadKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  const source = process.env.KUBECONFIG || join(homedir(), '.kube', 'config');
  try {
    config.loadFromDefault();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new UserError(
      `cannot read the kubeconfig ${source}${process.env.KUBECONFIG ? ' (KUBECONFIG)' : ''}: ${reason}\n  → point KUBECONFIG at a valid kubeconfig file, or unset it to use ~/.kube/config or the pod's service account`,
      { cause: error },
    );
  }
  if (config.getCurrentCluster() === null) {
    throw new UserError(
      `no cluster to talk to: ${source} names no current cluster, and this is not a pod with a service account\n  → set KUBECONFIG to a kubeconfig file with a current context, or select one with kubectl config use-context`,
    );
  }
  return config;
}
