import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';

/**
 * A kubeconfig that acts as a service account, with a token from the TokenRequest API and the pod's namespace
 * as the context namespace (argoexec's built-in kubectl reads both from $KUBECONFIG). Running a step with it
 * is what makes the workflow's RBAC real.
 */
export async function serviceAccountKubeconfig(
  config: KubeConfig,
  namespace: string,
  account: string,
  dir: string,
  options: { file?: string; expirationSeconds?: number } = {},
): Promise<string> {
  const api = config.makeApiClient(CoreV1Api);
  const request = await api.createNamespacedServiceAccountToken({
    name: account,
    namespace,
    body: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: [], expirationSeconds: options.expirationSeconds ?? 3600 },
    },
  });
  const cluster = config.getCurrentCluster();
  if (cluster === null || request.status?.token === undefined)
    throw new Error(`no token for service account ${namespace}/${account}`);
  const file = join(dir, options.file ?? `kubeconfig-${namespace}-${account}`);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${cluster.server}", certificate-authority: "${cluster.caFile ?? ''}"}}]`,
      `users: [{name: u, user: {token: "${request.status.token}"}}]`,
      `contexts: [{name: c, context: {cluster: c, user: u, namespace: "${namespace}"}}]`,
      'current-context: c',
      '',
    ].join('\n'),
  );
  return file;
}
