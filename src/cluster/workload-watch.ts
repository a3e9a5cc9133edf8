import type { KubernetesObject } from '@kubernetes/client-node';
import { WATCHED_KINDS, WORKLOAD_KINDS } from '../model/workload-kinds.js';
import type { TriggerKind } from '../trigger/trigger-request.js';
import type { WatchedWorkload } from '../trigger/workload.js';
import type { ClusterClients } from './clients.js';
import { listWatch, ResyncedInformer } from './informer.js';
import { InformerSet } from './informer-set.js';
import { resourceScope } from './resource-scope.js';
import { workloadView } from './workload-view.js';

/** What a watch delivers. */
export interface WatchHandlers {
  changed(kind: TriggerKind, workload: WatchedWorkload): void;
  deleted(workload: WatchedWorkload): void;
  /** The watch failed with something other than 410 Gone (which relists by itself) and will restart. */
  restarting(resource: string, error: unknown, delayMs: number): void;
}

/**
 * List+watch informers for every watched workload kind (Deployments, StatefulSets, DaemonSets), cluster-wide
 * or in the given namespaces, each a {@link ResyncedInformer} (restarted with backoff when it fails), resynced
 * together every `resyncMs`.
 */
export function watchWorkloads(
  clients: ClusterClients,
  namespaces: readonly string[],
  handlers: WatchHandlers,
  resyncMs: number,
): InformerSet {
  const scopes = namespaces.length === 0 ? [undefined] : namespaces;
  const informers = WATCHED_KINDS.flatMap((kind) =>
    scopes.map((namespace) => informerOf(clients, kind, namespace, handlers)),
  );
  return new InformerSet(informers, resyncMs);
}

/** The informer of one kind in one namespace (or all), keeping each workload as {@link workloadView} does. */
function informerOf(
  clients: ClusterClients,
  kind: TriggerKind,
  namespace: string | undefined,
  handlers: WatchHandlers,
): ResyncedInformer<KubernetesObject> {
  const { group, version, resource: plural } = WORKLOAD_KINDS[kind];
  const scope = resourceScope(clients, { group, version, plural }, namespace);
  const make = () => listWatch(clients.config, scope.path, scope.listPage, { view: workloadView });
  return new ResyncedInformer(make, {
    upserted: (object) => handlers.changed(kind, asWorkload(object)),
    deleted: (object) => handlers.deleted(asWorkload(object)),
    restarting: (error, delayMs) => handlers.restarting(scope.name, error, delayMs),
  });
}

/**
 * A workload as the API server sent it: lists and watches of custom objects arrive as parsed JSON, never as the
 * client's model classes, so versions of an object compare as they are.
 */
export function asWorkload(object: KubernetesObject): WatchedWorkload {
  return object as WatchedWorkload;
}
