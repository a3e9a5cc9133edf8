import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';

/** One request a service account might make. */
export interface Access {
  readonly verb: string;
  readonly resource: string;
  readonly group?: string;
  /** Absent for a cluster-wide request. */
  readonly namespace?: string;
  /** The object's name, for rules limited by resourceNames. */
  readonly name?: string;
}

/**
 * Whether the API server's authorizer lets `serviceAccount` (`namespace:name`) make the request, asked with
 * a SubjectAccessReview: the same decision the API server makes for the account's real requests.
 */
export async function can(config: KubeConfig, serviceAccount: string, access: Access): Promise<boolean> {
  const api = config.makeApiClient(AuthorizationV1Api);
  const [namespace] = serviceAccount.split(':');
  const review = await api.createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: `system:serviceaccount:${serviceAccount}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
        resourceAttributes: {
          verb: access.verb,
          resource: access.resource,
          group: access.group ?? '',
          ...(access.namespace === undefined ? {} : { namespace: access.namespace }),
          ...(access.name === undefined ? {} : { name: access.name }),
        },
      },
    },
  });
  return review.status?.allowed === true;
}
