import { isDeepStrictEqual } from 'node:util';
import { type KubeObject, keyOf } from '../k8s/objects.js';
import { shortHash } from '../short-hash.js';
import type { FileResult } from './compile-repo.js';
import { sourceId } from './git-source.js';

/** Labels and annotations a sync puts on what it applies. */
export const SYNC_MARKS = {
  /** Label: which source (repository and branch) manages the object; only those objects are ever pruned. */
  source: 'chaosflow.io/sync-source',
  /** Annotations: where in git the object comes from, and a hash of what git says it should be. */
  repo: 'chaosflow.io/source-repo',
  file: 'chaosflow.io/source-file',
  commit: 'chaosflow.io/source-commit',
  hash: 'chaosflow.io/desired-hash',
} as const;

/** What a sync does to one object. */
export type SyncAction =
  | { readonly action: 'create' | 'update' | 'unchanged'; readonly object: KubeObject; readonly file: string }
  /** Git did not change, but the cluster's copy was edited: applying it again reverts the edit. */
  | { readonly action: 'revert-drift'; readonly object: KubeObject; readonly file: string }
  | { readonly action: 'prune'; readonly object: KubeObject; readonly file?: string }
  /** Left as it is: its file failed to compile (the last good version stays), or pruning is off. */
  | { readonly action: 'keep'; readonly object: KubeObject; readonly file?: string; readonly reason: string };

/** Where the compiled objects come from. */
export interface SyncSource {
  readonly repo: string;
  readonly branch: string;
  readonly commit: string;
}

/** A compiled object marked with its source, ready to apply. */
function marked(object: KubeObject, file: string, source: SyncSource): KubeObject {
  const hash = desiredHash(object);
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...object.metadata.labels, [SYNC_MARKS.source]: sourceId(source) },
      annotations: {
        ...object.metadata.annotations,
        [SYNC_MARKS.repo]: source.repo,
        [SYNC_MARKS.file]: file,
        [SYNC_MARKS.commit]: source.commit,
        [SYNC_MARKS.hash]: hash,
      },
    },
  };
}

/**
 * Decides what a sync does, object by object: create what is new, update what git changed, revert what was
 * edited in the cluster, prune what left git (only objects of this source), and keep the last good version
 * of anything whose file failed to compile.
 */
export function planSync(
  results: readonly FileResult[],
  live: readonly KubeObject[],
  source: SyncSource,
  options: { readonly prune: boolean },
): SyncAction[] {
  const failed = new Set(results.filter((result) => !result.ok).map((result) => result.file));
  const desired = results.flatMap((result) =>
    result.ok
      ? result.objects.map((object) => ({ file: result.file, object: marked(object, result.file, source) }))
      : [],
  );
  const liveByKey = new Map(live.map((object) => [keyOf(object), object]));
  const desiredKeys = new Set(desired.map(({ object }) => keyOf(object)));
  const forDesired = desired.map(({ file, object }): SyncAction => {
    const current = liveByKey.get(keyOf(object));
    if (current === undefined) return { action: 'create', object, file };
    if (current.metadata.annotations?.[SYNC_MARKS.hash] !== object.metadata.annotations?.[SYNC_MARKS.hash]) {
      return { action: 'update', object, file };
    }
    return sameContent(current, object)
      ? { action: 'unchanged', object: current, file }
      : { action: 'revert-drift', object, file };
  });
  const leftGit = live
    .filter((object) => !desiredKeys.has(keyOf(object)))
    .map((object): SyncAction => {
      const file = object.metadata.annotations?.[SYNC_MARKS.file];
      if (file !== undefined && failed.has(file)) {
        return {
          action: 'keep',
          object,
          file,
          reason: `${file} failed to compile; its last good version stays`,
        };
      }
      const where = file === undefined ? {} : { file };
      return options.prune
        ? { action: 'prune', object, ...where }
        : { action: 'keep', object, ...where, reason: 'pruning is off' };
    });
  return [...forDesired, ...leftGit];
}

/** What git decides about an object: its spec, labels and annotations, but not which commit last touched it. */
function desiredHash(object: KubeObject): string {
  const { spec, metadata } = object as KubeObject & { spec?: unknown };
  return shortHash(
    JSON.stringify({ spec, labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {} }),
  );
}

/** Whether the cluster's copy still says what git says: same spec, and our labels and annotations in place. */
function sameContent(current: KubeObject, desired: KubeObject): boolean {
  const spec = (object: KubeObject) =>
    JSON.parse(JSON.stringify((object as { spec?: unknown }).spec ?? null));
  const subset = (wanted: Record<string, string> | undefined, actual: Record<string, string> | undefined) =>
    Object.entries(wanted ?? {}).every(
      ([key, value]) => key === SYNC_MARKS.commit || actual?.[key] === value,
    );
  return (
    isDeepStrictEqual(spec(current), spec(desired)) &&
    subset(desired.metadata.labels, current.metadata.labels) &&
    subset(desired.metadata.annotations, current.metadata.annotations)
  );
}
