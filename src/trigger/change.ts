import { isDeepStrictEqual } from 'node:util';
import { shortHash } from '../short-hash.js';

/** The parts of an apps/v1 Deployment, StatefulSet or DaemonSet that change detection reads. */
export interface Workload {
  readonly metadata: {
    readonly uid?: string;
    readonly generation?: number;
  };
  readonly spec?: {
    readonly replicas?: number;
    readonly template?: {
      readonly spec?: {
        readonly containers?: readonly { readonly name: string; readonly image?: string }[];
        readonly initContainers?: readonly { readonly name: string; readonly image?: string }[];
      };
    };
  };
}

/** What a release changed, most specific first. */
type ChangeKind = 'image' | 'replicas' | 'pod-template' | 'spec';

/** A change of a workload's desired state, and the revision it produced. */
export interface WorkloadChange {
  readonly kinds: readonly ChangeKind[];
  /** The workload's `metadata.generation` after the change: one per spec change, never reused. */
  readonly revision: number;
}

/**
 * The desired-state change between two versions of a workload, or `undefined` when there is none.
 * Kubernetes bumps `metadata.generation` on every spec change and never on status or metadata updates, so
 * status-only updates (a rollout progressing, a pod becoming ready) never count — the flaw of Litmus's event
 * tracker, which fires on any difference.
 */
export function changeBetween(previous: Workload, current: Workload): WorkloadChange | undefined {
  const before = previous.metadata.generation;
  const after = current.metadata.generation;
  if (after === undefined || before === undefined || after <= before) return undefined;
  const kinds: ChangeKind[] = [];
  if (!isDeepStrictEqual(imagesOf(previous), imagesOf(current))) kinds.push('image');
  if (previous.spec?.replicas !== current.spec?.replicas) kinds.push('replicas');
  if (!isDeepStrictEqual(templateWithoutImages(previous), templateWithoutImages(current))) {
    kinds.push('pod-template');
  }
  return { kinds: kinds.length === 0 ? ['spec'] : kinds, revision: after };
}

/** The pod template with every image blanked, to tell configuration changes from image changes. */
function templateWithoutImages(workload: Workload): unknown {
  const template = workload.spec?.template;
  const blank = (containers?: readonly { readonly name: string }[]) =>
    containers?.map((container) => ({ ...container, image: '' }));
  return template === undefined
    ? undefined
    : {
        ...template,
        spec: {
          ...template.spec,
          containers: blank(template.spec?.containers),
          initContainers: blank(template.spec?.initContainers),
        },
      };
}

function imagesOf(workload: Workload): Record<string, string | undefined> {
  const spec = workload.spec?.template?.spec;
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  return Object.fromEntries(containers.map((container) => [container.name, container.image]));
}

/**
 * A hash of the workload's desired state. A Deployment's generation also moves when only its annotations
 * change (the API server's rule, kept for rollbacks); comparing specs tells those bumps from real changes.
 */
export function specHashOf(workload: Workload): string {
  return shortHash(JSON.stringify(workload.spec ?? {}));
}
