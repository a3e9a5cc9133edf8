import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { isExperiment } from '../dsl/experiment.js';
import { UserError } from '../errors.js';
import { lazy, lazyModule } from '../lazy.js';
import { LIBRARY_ENTRY } from '../package-paths.js';
import { displayPath } from './display-path.js';

/** An experiment found in a file, with where it came from. */
export interface LoadedExperiment {
  readonly file: string;
  /** The export it came from: `default` or the export's name. */
  readonly exportName: string;
  readonly value: unknown;
}

// jiti is CommonJS: required rather than imported, it skips Node's scan of its 190 kB for named exports (~13 ms
// of every build). Experiment files importing `chaosflow` get the library this very code belongs to (tryNative:
// the built one is imported natively, so they share the CLI's instance); only TypeScript goes through jiti.
const jitiLibrary = lazyModule<typeof import('jiti')>('jiti');
const typeScriptLoader = lazy(() =>
  jitiLibrary().createJiti(import.meta.url, {
    alias: { chaosflow: LIBRARY_ENTRY },
    interopDefault: false,
    tryNative: true,
  }),
);

/**
 * Forgets every module loaded from under `dir`, so the next load of those files reads them again: for a
 * process that loads a working copy after each git fetch. The library itself stays loaded.
 */
export function forgetModulesUnder(dir: string): void {
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  const { cache } = typeScriptLoader();
  for (const key of Object.keys(cache)) if (key.startsWith(prefix)) delete cache[key];
}

/** A file to load, and whether the user named it or it was found in a directory. */
export interface ExperimentFile {
  readonly path: string;
  readonly named: boolean;
}

/** What loading found: the experiments, and files from directories that export none (helpers, say). */
export interface LoadResult {
  readonly experiments: readonly LoadedExperiment[];
  readonly skipped: readonly string[];
}

/**
 * Expands files and directories (recursively, skipping `node_modules`, dot-directories and `.d.ts` files)
 * into the experiment files to load, sorted so output order never depends on the file system.
 * @throws {@link UserError} when a path does not exist or holds no `.ts` file.
 */
export function experimentFiles(paths: readonly string[]): ExperimentFile[] {
  const found = new Map<string, boolean>();
  for (const path of paths) {
    const absolute = resolve(path);
    if (!existsSync(absolute)) {
      throw new UserError(
        `${path}: no such file or directory\n  → give an experiment file (.ts) or a directory of them`,
      );
    }
    if (!statSync(absolute).isDirectory()) found.set(absolute, true);
    else for (const file of walk(absolute)) found.set(file, found.get(file) ?? false);
  }
  if (found.size === 0) throw new UserError(`${paths.join(', ')}: no experiment files (.ts) found`);
  return [...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, named]) => ({ path, named }));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Loads experiment files with a TypeScript loader (no compile step needed) and returns every experiment
 * they export: the default export and any named export made by `experiment()`. A file found in a directory
 * that exports none is skipped, since directories hold shared helpers too; a file named explicitly must
 * export one.
 * @throws {@link UserError} naming the file when it cannot be loaded, or is named and exports no experiment.
 */
export async function loadExperiments(files: readonly ExperimentFile[]): Promise<LoadResult> {
  const experiments: LoadedExperiment[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const found = await loadFile(file.path);
    if (found.length > 0) experiments.push(...found);
    else if (file.named)
      throw new UserError(
        `${displayPath(file.path)}: exports no experiment\n  → add \`export default experiment({ ... })\``,
      );
    else skipped.push(file.path);
  }
  if (experiments.length === 0) {
    throw new UserError(
      `no experiments found in ${skipped.map(displayPath).join(', ')}\n  → add \`export default experiment({ ... })\` to an experiment file`,
    );
  }
  return { experiments, skipped };
}

/**
 * The experiments one file exports.
 * @throws {@link UserError} naming the file when it cannot be loaded.
 */
export async function loadFile(file: string): Promise<LoadedExperiment[]> {
  let module: Record<string, unknown>;
  try {
    module = await typeScriptLoader().import<Record<string, unknown>>(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `${displayPath(file)}: cannot load the experiment file: ${reason}\n  → fix the error above; the file must be valid TypeScript that runs`,
      { cause: error },
    );
  }
  return Object.entries(module).flatMap(([exportName, value]) => {
    const values = Array.isArray(value) ? value : [value];
    return values
      .filter((item) => exportName === 'default' || isExperiment(item))
      .map((item) => ({ file, exportName, value: item }));
  });
}
