import {
  AppsV1Api,
  type Informer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  makeInformer,
} from '@kubernetes/client-node';
import type { WatchedWorkload } from './controller.js';
import type { TriggerKind } from './trigger-request.js';

/** What a watch delivers. */
export interface WatchHandlers {
  changed(kind: TriggerKind, workload: WatchedWorkload): void;
  deleted(workload: WatchedWorkload): void;
  /** The watch failed with something other than 410 Gone (which relists by itself) and will restart. */
  restarting(resource: string, error: unknown, delayMs: number): void;
}

/** Longest wait before restarting a failed watch. */
const MAX_BACKOFF_MS = 30_000;
const FIRST_BACKOFF_MS = 500;

type Lister = (apps: AppsV1Api, namespace?: string) => Promise<KubernetesListObject<KubernetesObject>>;

/** How each kind is listed, cluster-wide or in one namespace. */
const LISTERS: Record<TriggerKind, { plural: string; list: Lister }> = {
  deployment: {
    plural: 'deployments',
    list: (apps, namespace) =>
      namespace === undefined
        ? apps.listDeploymentForAllNamespaces()
        : apps.listNamespacedDeployment({ namespace }),
  },
  statefulset: {
    plural: 'statefulsets',
    list: (apps, namespace) =>
      namespace === undefined
        ? apps.listStatefulSetForAllNamespaces()
        : apps.listNamespacedStatefulSet({ namespace }),
  },
  daemonset: {
    plural: 'daemonsets',
    list: (apps, namespace) =>
      namespace === undefined
        ? apps.listDaemonSetForAllNamespaces()
        : apps.listNamespacedDaemonSet({ namespace }),
  },
};

/**
 * List+watch informers for apps/v1 Deployments, StatefulSets and DaemonSets, cluster-wide or in the given
 * namespaces. The client relists by itself on 410 Gone; any other failure restarts the informer with
 * exponential backoff (0.5 s up to 30 s), so the service never stops watching.
 */
export class WorkloadWatch {
  private readonly informers: { resource: string; informer: Informer<KubernetesObject> }[] = [];
  private stopped = false;
  private started = 0;

  constructor(config: KubeConfig, namespaces: readonly string[], handlers: WatchHandlers) {
    const apps = config.makeApiClient(AppsV1Api);
    const scopes = namespaces.length === 0 ? [undefined] : namespaces;
    for (const [kind, { plural, list }] of Object.entries(LISTERS) as [
      TriggerKind,
      (typeof LISTERS)[TriggerKind],
    ][]) {
      for (const namespace of scopes) {
        const path =
          namespace === undefined
            ? `/apis/apps/v1/${plural}`
            : `/apis/apps/v1/namespaces/${namespace}/${plural}`;
        const informer = makeInformer(config, path, () => list(apps, namespace));
        const resource = namespace === undefined ? plural : `${namespace}/${plural}`;
        this.wire(informer, kind, resource, handlers);
        this.informers.push({ resource, informer });
      }
    }
  }

  /** Starts every informer; resolves once each has listed its objects and is watching. */
  async start(): Promise<void> {
    await Promise.all(this.informers.map(({ informer }) => informer.start()));
    this.started = this.informers.length;
  }

  /** Whether every informer has completed its first list. */
  ready(): boolean {
    return this.started === this.informers.length && !this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.informers.map(({ informer }) => informer.stop()));
  }

  private wire(
    informer: Informer<KubernetesObject>,
    kind: TriggerKind,
    resource: string,
    handlers: WatchHandlers,
  ): void {
    let backoff = FIRST_BACKOFF_MS;
    // An object delivered means the list or watch works again.
    const changed = (object: KubernetesObject) => {
      backoff = FIRST_BACKOFF_MS;
      handlers.changed(kind, plain(object));
    };
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', (object) => {
      backoff = FIRST_BACKOFF_MS;
      handlers.deleted(plain(object));
    });
    informer.on('error', (error) => {
      if (this.stopped) return;
      const delay = backoff;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      handlers.restarting(resource, error, delay);
      setTimeout(() => {
        if (!this.stopped) informer.start().catch(() => {});
      }, delay);
    });
  }
}

/**
 * The object as plain JSON data. Listed objects arrive as the client's model classes, watched ones as parsed
 * JSON; comparing versions of an object needs both in one form.
 */
export function plain(object: KubernetesObject): WatchedWorkload {
  return JSON.parse(JSON.stringify(object)) as WatchedWorkload;
}
