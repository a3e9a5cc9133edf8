import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { WATCHED_KINDS, WORKLOAD_KINDS } from '../model/workload-kinds.js';
import type { TriggerKind } from '../trigger/trigger-request.js';
import type { WatchedWorkload } from '../trigger/workload.js';
import type { ClusterClients } from './clients.js';
import { listWatch, ResyncedInformer } from './informer.js';
import { workloadView } from './workload-view.js';

/** What a watch delivers. */
export interface WatchHandlers {
  changed(kind: TriggerKind, workload: WatchedWorkload): void;
  deleted(workload: WatchedWorkload): void;
  /** The watch failed with something other than 410 Gone (which relists by itself) and will restart. */
  restarting(resource: string, error: unknown, delayMs: number): void;
}

/** Workloads per page of a list: a page is held whole only until its objects are viewed. */
const LIST_PAGE = 500;

/**
 * List+watch informers for every watched workload kind (Deployments, StatefulSets, DaemonSets), cluster-wide
 * or in the given namespaces, each a {@link ResyncedInformer}: restarted with backoff when it fails, and
 * replaced by a fresh list+watch every `resyncMs`, one after another, so a watch that silently stopped
 * delivering can never leave the service blind for longer than that.
 */
export class WorkloadWatch {
  private readonly informers: ResyncedInformer<KubernetesObject>[];
  private stopped = false;
  private started = false;
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    clients: ClusterClients,
    namespaces: readonly string[],
    handlers: WatchHandlers,
    private readonly resyncMs: number,
  ) {
    const scopes = namespaces.length === 0 ? [undefined] : namespaces;
    this.informers = WATCHED_KINDS.flatMap((kind) =>
      scopes.map((namespace) => informerOf(clients, kind, namespace, handlers)),
    );
  }

  /** Starts every informer; resolves once each has listed its objects and is watching. */
  async start(): Promise<void> {
    await Promise.all(this.informers.map((informer) => informer.start()));
    this.started = true;
    this.resyncTimer = setInterval(() => void this.resync(), this.resyncMs);
  }

  /** Whether every informer has completed its first list. */
  ready(): boolean {
    return this.started && !this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    await Promise.all(this.informers.map((informer) => informer.stop()));
  }

  private async resync(): Promise<void> {
    for (const informer of this.informers) {
      if (this.stopped) return;
      await informer.resync().catch(() => {});
    }
  }
}

/** The informer of one kind in one namespace (or all), keeping each workload as {@link workloadView} does. */
function informerOf(
  clients: ClusterClients,
  kind: TriggerKind,
  namespace: string | undefined,
  handlers: WatchHandlers,
): ResyncedInformer<KubernetesObject> {
  const { group, version, resource: plural } = WORKLOAD_KINDS[kind];
  const base = `/apis/${group}/${version}`;
  const path = namespace === undefined ? `${base}/${plural}` : `${base}/namespaces/${namespace}/${plural}`;
  const listPage = (token: string | undefined) => {
    const page = {
      group,
      version,
      plural,
      limit: LIST_PAGE,
      ...(token === undefined ? {} : { _continue: token }),
    };
    return (
      namespace === undefined
        ? clients.custom.listClusterCustomObject(page)
        : clients.custom.listNamespacedCustomObject({ ...page, namespace })
    ) as Promise<KubernetesListObject<KubernetesObject>>;
  };
  const resource = namespace === undefined ? plural : `${namespace}/${plural}`;
  return new ResyncedInformer(() => listWatch(clients.config, path, listPage, { view: workloadView }), {
    upserted: (object) => handlers.changed(kind, asWorkload(object)),
    deleted: (object) => handlers.deleted(asWorkload(object)),
    restarting: (error, delayMs) => handlers.restarting(resource, error, delayMs),
  });
}

/**
 * A workload as the API server sent it: lists and watches of custom objects arrive as parsed JSON, never as the
 * client's model classes, so versions of an object compare as they are.
 */
export function asWorkload(object: KubernetesObject): WatchedWorkload {
  return object as WatchedWorkload;
}
