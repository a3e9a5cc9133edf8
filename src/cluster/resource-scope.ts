import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { ClusterClients } from './clients.js';
import type { ListPage } from './informer.js';

/** Objects per page of a list: a page is held whole only until its objects are viewed. */
const LIST_PAGE = 500;

/** A resource served under `/apis/<group>/<version>/`, optionally narrowed by a label selector. */
export interface ApiResource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly labelSelector?: string;
}

/** Where to list and watch a resource: its watch path, how to list it page by page, and its name in logs. */
export interface ResourceScope {
  readonly path: string;
  readonly listPage: ListPage<KubernetesObject>;
  /** `deployments`, or `shop/deployments` in one namespace. */
  readonly name: string;
}

/** A resource cluster-wide, or in one namespace. */
export function resourceScope(
  clients: ClusterClients,
  resource: ApiResource,
  namespace: string | undefined,
): ResourceScope {
  const { group, version, plural, labelSelector } = resource;
  const base = `/apis/${group}/${version}`;
  const listPage = (token: string | undefined) => {
    const page = {
      group,
      version,
      plural,
      limit: LIST_PAGE,
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(token === undefined ? {} : { _continue: token }),
    };
    return (
      namespace === undefined
        ? clients.custom.listClusterCustomObject(page)
        : clients.custom.listNamespacedCustomObject({ ...page, namespace })
    ) as Promise<KubernetesListObject<KubernetesObject>>;
  };
  return namespace === undefined
    ? { path: `${base}/${plural}`, listPage, name: plural }
    : { path: `${base}/namespaces/${namespace}/${plural}`, listPage, name: `${namespace}/${plural}` };
}
