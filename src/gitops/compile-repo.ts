import { relative } from 'node:path';
import { glob } from 'tinyglobby';
import { compileExperiment } from '../compile/compile.js';
import type { ImageOptions } from '../compile/images.js';
import { ChaosflowError } from '../errors.js';
import type { Hub } from '../hub/hub.js';
import type { KubeObject } from '../k8s/objects.js';
import { forgetModulesUnder, loadFile } from '../load/experiment-files.js';
import type { BlastRadiusPolicy } from '../policy/policy.js';

/** What one file of the repository gave: its Argo objects, or why it could not be compiled. */
export type FileResult =
  | { readonly file: string; readonly ok: true; readonly objects: readonly KubeObject[] }
  | { readonly file: string; readonly ok: false; readonly error: string };

/** How the repository's experiments are compiled. */
export interface RepoCompileOptions {
  readonly hub: Hub;
  /** Globs of experiment files, relative to the repository root. @defaultValue `['experiments/**\/*.ts']` */
  readonly patterns?: readonly string[];
  readonly images?: ImageOptions;
  readonly policy?: BlastRadiusPolicy;
}

/**
 * Compiles every experiment file of a checked-out repository, each on its own: a file that does not load or
 * compile is reported with the compiler's error, and the others still compile. The working copy's modules
 * are loaded anew each time, so a long-running sync always sees the current commit.
 */
export async function compileRepo(dir: string, options: RepoCompileOptions): Promise<FileResult[]> {
  const patterns = [...(options.patterns ?? ['experiments/**/*.ts'])];
  const files = (
    await glob(patterns, { cwd: dir, absolute: true, ignore: ['**/node_modules/**', '**/*.d.ts'] })
  ).sort();
  forgetModulesUnder(dir);
  const results: FileResult[] = [];
  for (const path of files) results.push(await compileFile(dir, path, options));
  return results;
}

async function compileFile(dir: string, path: string, options: RepoCompileOptions): Promise<FileResult> {
  const file = relative(dir, path);
  try {
    const experiments = await loadFile(path);
    const objects = experiments.flatMap(
      ({ value }) =>
        compileExperiment(value, {
          hub: options.hub,
          ...(options.images === undefined ? {} : { images: options.images }),
          ...(options.policy === undefined ? {} : { policy: options.policy }),
        }).objects,
    );
    return { file, ok: true, objects };
  } catch (error) {
    if (!(error instanceof ChaosflowError)) throw error;
    return { file, ok: false, error: error.message.replaceAll(path, file) };
  }
}
