import type { ImageOptions } from '../compile/images.js';
import type { Hub } from '../hub/hub.js';
import type { BlastRadiusPolicy } from '../policy/policy.js';
import { withinNamespaces } from './allowed-namespaces.js';
import { compileRepo, type FileResult } from './compile-repo.js';
import { checkout, type GitSource, sourceId } from './git-source.js';
import { planSync } from './plan.js';
import type { AppliedAction, SyncTarget } from './sync-target.js';

/** How to sync. */
export interface SyncOptions {
  readonly source: GitSource;
  /** Globs of experiment files in the repository. @defaultValue `['experiments/**\/*.ts']` */
  readonly patterns?: readonly string[];
  readonly hub: Hub;
  readonly images?: ImageOptions;
  /** Limits every experiment must keep; a file breaking them is refused like one that does not compile. */
  readonly policy?: BlastRadiusPolicy;
  /** Where working copies are kept between syncs. */
  readonly cacheDir: string;
  /** Validate everything with the API server, change nothing. */
  readonly dryRun: boolean;
  /** Delete objects of this source that left git. */
  readonly prune: boolean;
  /**
   * The namespaces this sync may manage: only they are listed, and a file writing elsewhere fails. All
   * namespaces when empty or unset.
   */
  readonly namespaces?: readonly string[];
}

/** What one sync did. */
export interface SyncReport {
  readonly commit: string;
  readonly files: readonly FileResult[];
  readonly actions: readonly AppliedAction[];
}

/**
 * One sync: fetch the branch, compile every experiment file, compare with what this source manages in the
 * cluster, and apply the difference. Git is fetched and everything compiled before the cluster is touched,
 * so an unreachable repository or a bad credential changes nothing; one bad file holds back only its own
 * objects.
 */
export async function sync(target: SyncTarget, options: SyncOptions): Promise<SyncReport> {
  const { dir, commit } = await checkout(options.source, options.cacheDir);
  const namespaces = options.namespaces ?? [];
  const compiled = await compileRepo(dir, {
    hub: options.hub,
    ...(options.patterns === undefined ? {} : { patterns: options.patterns }),
    ...(options.images === undefined ? {} : { images: options.images }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  const files = withinNamespaces(compiled, namespaces);
  const source = { repo: options.source.repo, branch: options.source.branch, commit };
  const live = await target.liveObjects(sourceId(source), namespaces);
  const plan = planSync(files, live, source, { prune: options.prune });
  const actions = await target.applyPlan(plan, { dryRun: options.dryRun });
  return { commit, files, actions };
}
