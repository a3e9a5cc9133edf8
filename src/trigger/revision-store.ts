import type { HandledRevision, TriggerCluster } from './cluster.js';

/** The ConfigMap, in the service's namespace, that keeps the handled revisions unless told otherwise. */
export const DEFAULT_STATE_CONFIG_MAP = 'chaosflow-trigger-state';

/**
 * The last revision handled per workload UID, kept in memory and written behind to the cluster: one write at
 * a time, the latest state always written last, and never holding up the caller. A crash before a write
 * lands can only repeat a run's submission, which the deterministic Workflow name makes an AlreadyExists.
 */
export class RevisionStore {
  private readonly handled = new Map<string, HandledRevision>();
  private saving: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly cluster: Pick<TriggerCluster, 'loadRevisions' | 'saveRevisions'>,
    private readonly onWriteError: (error: unknown) => void,
  ) {}

  /** Loads what an earlier process saved. */
  async load(): Promise<void> {
    for (const [uid, revision] of await this.cluster.loadRevisions()) this.handled.set(uid, revision);
  }

  get(uid: string): HandledRevision | undefined {
    return this.handled.get(uid);
  }

  /** Records a handled revision; the revision never goes backwards. */
  set(uid: string, handled: HandledRevision): void {
    const revision = Math.max(handled.revision, this.handled.get(uid)?.revision ?? 0);
    this.handled.set(uid, { ...handled, revision });
    this.scheduleWrite();
  }

  delete(uid: string): void {
    if (this.handled.delete(uid)) this.scheduleWrite();
  }

  /** Resolves once everything recorded so far has been written (or failed to be). */
  async flushed(): Promise<void> {
    await this.saving;
  }

  private scheduleWrite(): void {
    this.dirty = true;
    this.saving ??= this.writeBehind();
  }

  private async writeBehind(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.cluster.saveRevisions(new Map(this.handled));
      } catch (error) {
        // Left dirty: the next change writes everything again.
        this.dirty = true;
        this.onWriteError(error);
        break;
      }
    }
    this.saving = undefined;
  }
}
