import type { KubernetesObject } from '@kubernetes/client-node';
import type { ResyncedInformer } from './informer.js';

/**
 * Informers that start and stop together and are resynced one after another every `resyncMs` (a fresh
 * list+watch each), so a watch that silently stopped delivering can never leave the service blind for longer.
 */
export class InformerSet {
  private stopped = false;
  private started = false;
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly informers: readonly ResyncedInformer<KubernetesObject>[],
    private readonly resyncMs: number,
  ) {}

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
