import { shortHash } from '../short-hash.js';

/** What one triggered run is for: exactly one Workflow exists per key. */
export interface TriggerKey {
  /** The workload: its UID for watched changes, `namespace/kind/name` for requests. */
  readonly subject: string;
  /** Its revision: the generation for watched changes, the caller's revision for requests. */
  readonly revision: string;
  readonly experimentId: string;
}

/** Kubernetes object names (and Argo's pod names built from them) stay within a DNS label. */
const MAX_NAME = 63;
const HASH_LENGTH = 10;

/**
 * The Workflow name for a trigger key: `<experiment id>-<hash of the key>`. The same key always gives the same
 * name, so submitting twice — after a restart, a relist or a retry — is an AlreadyExists, never a second run.
 */
export function runName(key: TriggerKey): string {
  const hash = shortHash(`${key.subject}\u0000${key.revision}\u0000${key.experimentId}`, HASH_LENGTH);
  const prefix = key.experimentId.slice(0, MAX_NAME - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${prefix}-${hash}`;
}
