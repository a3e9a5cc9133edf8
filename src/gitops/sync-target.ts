import type { KubeObject } from '../k8s/objects.js';
import type { SyncAction } from './plan.js';

/** What a sync did to one object, for its report. */
export interface AppliedAction {
  readonly action: SyncAction['action'];
  readonly key: string;
  readonly file?: string;
  readonly reason?: string;
}

/**
 * What a sync needs of a cluster. src/cluster/gitops-applier.ts implements it against the API server; the e2e
 * tier runs that against a real one.
 */
export interface SyncTarget {
  /** Every object that source `sourceId` manages in `namespaces` (all namespaces when empty). */
  liveObjects(sourceId: string, namespaces: readonly string[]): Promise<KubeObject[]>;
  /** Carries out a plan, step by step; with `dryRun`, the cluster validates each step and keeps nothing. */
  applyPlan(plan: readonly SyncAction[], options: { readonly dryRun: boolean }): Promise<AppliedAction[]>;
}
