import {
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';

/**
 * The API clients chaosflow calls the API server with, made once from a KubeConfig and shared by every part of
 * a process (watches, reads, Events, applies): one set of connections and credentials to reason about.
 */
export class ClusterClients {
  /** Core objects: ConfigMaps, Events. */
  readonly core: CoreV1Api;
  /** Any resource by group, version and plural: workloads, Argo and Litmus objects. */
  readonly custom: CustomObjectsApi;
  /** Whole objects by their own apiVersion and kind, for server-side apply. */
  readonly objects: KubernetesObjectApi;
  /** Leases, for leader election. */
  readonly coordination: CoordinationV1Api;

  constructor(readonly config: KubeConfig) {
    this.core = config.makeApiClient(CoreV1Api);
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.objects = KubernetesObjectApi.makeApiClient(config);
    this.coordination = config.makeApiClient(CoordinationV1Api);
  }
}
