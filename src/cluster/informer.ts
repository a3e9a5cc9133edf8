import {
  type Informer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  type ObjectCache,
  Watch,
} from '@kubernetes/client-node';

/** A list+watch informer that also holds what it has seen. */
export type CachingInformer<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

/**
 * What an informer keeps of each object it lists or watches, and hands on. It must keep `metadata.name`,
 * `namespace` and `resourceVersion`, which the informer's cache is keyed and versioned by.
 */
type ObjectView<T extends KubernetesObject> = (object: T) => T;

/** How a {@link listWatch} narrows what it lists, watches and keeps. */
export interface ListWatchOptions<T extends KubernetesObject> {
  /** Goes to the list and to the watch (such as `metadata.name=x`), so RBAC limited to resourceNames allows both. */
  readonly fieldSelector?: string;
  /** Goes to the watch; the list must ask for the same (`listPage` is the caller's). */
  readonly labelSelector?: string;
  /** Keeps only part of each object, so a watch of thousands of objects holds only what is read. */
  readonly view?: ObjectView<T>;
}

/**
 * One page of a list: the first when `continueToken` is undefined, else the one the token names. A list
 * asked for without a `limit` is one page.
 */
export type ListPage<T extends KubernetesObject> = (
  continueToken: string | undefined,
) => Promise<KubernetesListObject<T>>;

/** A list+watch informer on `path`, unstarted. */
export function listWatch<T extends KubernetesObject>(
  config: KubeConfig,
  path: string,
  listPage: ListPage<T>,
  options: ListWatchOptions<T> = {},
): CachingInformer<T> {
  const { fieldSelector, labelSelector, view } = options;
  const list = () => pagedList(listPage, view ?? ((object) => object));
  const watch = view === undefined ? new Watch(config) : new ViewingWatch(config, view);
  return new ListWatch(path, watch, list, false, labelSelector, fieldSelector);
}

/**
 * Lists page after page, keeping each page's objects as `view` keeps them, so listing thousands of objects
 * never holds them all whole at once. The list's metadata (its resourceVersion) is the first page's: every
 * page of a list is read from the same snapshot.
 */
export async function pagedList<T extends KubernetesObject>(
  listPage: ListPage<T>,
  view: ObjectView<T>,
): Promise<KubernetesListObject<T>> {
  const first = await listPage(undefined);
  const items = first.items.map(view);
  for (let token = continueToken(first); token; ) {
    const page = await listPage(token);
    items.push(...page.items.map(view));
    token = continueToken(page);
  }
  return { ...first, items };
}

/**
 * The token of a list's next page: `continue` in the API's JSON (as lists of custom objects arrive), which the
 * client's typed lists rename `_continue`.
 */
function continueToken(list: KubernetesListObject<KubernetesObject>): string | undefined {
  const metadata = list.metadata as { _continue?: string; continue?: string } | undefined;
  return metadata?._continue ?? metadata?.continue;
}

/** Watch events that carry an object of the watched kind (the others carry a Status, or nothing to keep). */
const OBJECT_EVENTS = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** A Watch that hands on each watched object as `view` keeps it, so the informer caches only that. */
class ViewingWatch<T extends KubernetesObject> extends Watch {
  constructor(
    config: KubeConfig,
    private readonly view: ObjectView<T>,
  ) {
    super(config);
  }

  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, object: T, watchObject?: unknown) => void,
    done: (error: unknown) => void,
  ): Promise<AbortController> {
    const viewed = (phase: string, object: T, watchObject?: unknown) =>
      callback(phase, OBJECT_EVENTS.has(phase) ? this.view(object) : object, watchObject);
    return super.watch(path, queryParams, viewed, done);
  }
}

/** What a {@link ResyncedInformer} delivers. */
export interface InformerHandlers<T> {
  /** An object was added or changed. */
  readonly upserted?: (object: T) => void;
  readonly deleted?: (object: T) => void;
  /** A fresh list completed: `objects` is everything in scope now, including what no event announced. */
  readonly listed?: (objects: readonly T[]) => void;
  /** The informer failed with something other than 410 Gone (which relists by itself) and restarts after `delayMs`. */
  readonly restarting: (error: unknown, delayMs: number) => void;
}

/** Longest wait before restarting a failed informer, and the first. */
const MAX_BACKOFF_MS = 30_000;
const FIRST_BACKOFF_MS = 500;

/**
 * An informer that recovers: any failure but 410 Gone restarts it with exponential backoff (0.5 s up to 30 s,
 * reset once objects arrive again), and {@link resync} replaces it with a fresh list+watch, as controllers
 * resync, because a watch can stay open and silent (seen after an API server restart). Whoever owns it calls
 * `resync` on a timer, so several can be resynced one after another.
 */
export class ResyncedInformer<T extends KubernetesObject> {
  private current: { informer: CachingInformer<T>; detach: () => void } | undefined;
  private stopped = false;

  constructor(
    private readonly make: () => CachingInformer<T>,
    private readonly handlers: InformerHandlers<T>,
  ) {}

  /** Starts it; resolves once it has listed everything and is watching. */
  start(): Promise<void> {
    return this.resync();
  }

  /** Starts a fresh informer, then retires the one it replaces. */
  async resync(): Promise<void> {
    if (this.stopped) return;
    const informer = this.make();
    const previous = this.current;
    const wiring = this.wire(informer);
    this.current = { informer, detach: wiring.detach };
    await this.listAndWatch(informer, wiring.failures);
    await retire(previous);
  }

  /**
   * Starts the informer and hands over its list. A failed list does not reject `start` (the informer reports
   * it as an error and is restarted), so the list is handed over only when no error came meanwhile: an empty
   * cache after a failure says nothing about the cluster.
   */
  private async listAndWatch(informer: CachingInformer<T>, failures: () => number): Promise<void> {
    const before = failures();
    await informer.start();
    if (failures() === before && !this.stopped) this.handlers.listed?.(informer.list());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await retire(this.current);
  }

  /** Connects an informer to the handlers; returns how to disconnect it, and how many times it failed. */
  private wire(informer: CachingInformer<T>): { detach: () => void; failures: () => number } {
    let backoff = FIRST_BACKOFF_MS;
    let attached = true;
    let failures = 0;
    let restart: NodeJS.Timeout | undefined;
    // An object delivered means the list or watch works again.
    const upserted = (object: T) => {
      backoff = FIRST_BACKOFF_MS;
      this.handlers.upserted?.(object);
    };
    const deleted = (object: T) => {
      backoff = FIRST_BACKOFF_MS;
      this.handlers.deleted?.(object);
    };
    const failed = (error: unknown) => {
      // Stopping aborts the watch, which the informer reports as an error: not one to restart after.
      if (this.stopped || !attached) return;
      failures += 1;
      const delay = backoff;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      this.handlers.restarting(error, delay);
      restart = setTimeout(() => {
        if (this.stopped || !attached) return;
        this.listAndWatch(informer, () => failures).catch(() => {});
      }, delay);
    };
    informer.on('add', upserted);
    informer.on('update', upserted);
    informer.on('delete', deleted);
    informer.on('error', failed);
    const detach = () => {
      attached = false;
      clearTimeout(restart);
      informer.off('add', upserted);
      informer.off('update', upserted);
      informer.off('delete', deleted);
      informer.off('error', failed);
    };
    return { detach, failures: () => failures };
  }
}

async function retire<T extends KubernetesObject>(
  entry: { informer: CachingInformer<T>; detach: () => void } | undefined,
): Promise<void> {
  if (entry === undefined) return;
  entry.detach();
  await entry.informer.stop();
}
