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

/** How often every watch is replaced by a fresh list+watch. */
const DEFAULT_RESYNC_MS = 60_000;

/** One resource's informer, replaced by a fresh one on each resync. */
interface Feed {
  readonly kind: TriggerKind;
  readonly resource: string;
  readonly make: () => Informer<KubernetesObject>;
  current?: { informer: Informer<KubernetesObject>; detach: () => void };
}

/**
 * List+watch informers for apps/v1 Deployments, StatefulSets and DaemonSets, cluster-wide or in the given
 * namespaces. The client relists by itself on 410 Gone; any other failure restarts the informer with
 * exponential backoff (0.5 s up to 30 s). Every `resyncMs` each informer is replaced by a fresh list+watch,
 * as controllers resync: a watch that silently stopped delivering (seen after an API server restart) can
 * never leave the service blind for longer than that.
 */
export class WorkloadWatch {
  private readonly feeds: Feed[] = [];
  private stopped = false;
  private started = false;
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    config: KubeConfig,
    namespaces: readonly string[],
    private readonly handlers: WatchHandlers,
    private readonly resyncMs = DEFAULT_RESYNC_MS,
  ) {
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
        const resource = namespace === undefined ? plural : `${namespace}/${plural}`;
        this.feeds.push({
          kind,
          resource,
          make: () => makeInformer(config, path, () => list(apps, namespace)),
        });
      }
    }
  }

  /** Starts every informer; resolves once each has listed its objects and is watching. */
  async start(): Promise<void> {
    await Promise.all(this.feeds.map((feed) => this.replace(feed)));
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
    await Promise.all(this.feeds.map((feed) => this.retire(feed.current)));
  }

  private async resync(): Promise<void> {
    for (const feed of this.feeds) {
      if (this.stopped) return;
      await this.replace(feed).catch(() => {});
    }
  }

  /** Starts a fresh informer for the feed, then retires the one it replaces. */
  private async replace(feed: Feed): Promise<void> {
    const informer = feed.make();
    const previous = feed.current;
    feed.current = { informer, detach: this.wire(informer, feed) };
    await informer.start();
    await this.retire(previous);
  }

  private async retire(entry: Feed['current']): Promise<void> {
    if (entry === undefined) return;
    entry.detach();
    await entry.informer.stop();
  }

  /** Connects an informer to the handlers; returns how to disconnect it. */
  private wire(informer: Informer<KubernetesObject>, feed: Feed): () => void {
    let backoff = FIRST_BACKOFF_MS;
    let attached = true;
    // An object delivered means the list or watch works again.
    const changed = (object: KubernetesObject) => {
      backoff = FIRST_BACKOFF_MS;
      this.handlers.changed(feed.kind, plain(object));
    };
    const deleted = (object: KubernetesObject) => {
      backoff = FIRST_BACKOFF_MS;
      this.handlers.deleted(plain(object));
    };
    const failed = (error: unknown) => {
      if (this.stopped || !attached) return;
      const delay = backoff;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      this.handlers.restarting(feed.resource, error, delay);
      setTimeout(() => {
        if (!this.stopped && attached) informer.start().catch(() => {});
      }, delay);
    };
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', deleted);
    informer.on('error', failed);
    return () => {
      attached = false;
      informer.off('add', changed);
      informer.off('update', changed);
      informer.off('delete', deleted);
      informer.off('error', failed);
    };
  }
}

/**
 * The object as plain JSON data. Listed objects arrive as the client's model classes, watched ones as parsed
 * JSON; comparing versions of an object needs both in one form.
 */
export function plain(object: KubernetesObject): WatchedWorkload {
  return JSON.parse(JSON.stringify(object)) as WatchedWorkload;
}
