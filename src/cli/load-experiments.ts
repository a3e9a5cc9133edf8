import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { isExperiment } from '../dsl/experiment.js';
import { UserError } from '../errors.js';

/** An experiment found in a file, with where it came from. */
export interface LoadedExperiment {
  readonly file: string;
  /** The export it came from: `default` or the export's name. */
  readonly exportName: string;
  readonly value: unknown;
}

/** The library's entry point; experiment files importing `chaosflow` get this very copy, wherever they live. */
const LIBRARY_ENTRY = fileURLToPath(new URL('../index.ts', import.meta.url));

const jiti = createJiti(import.meta.url, { alias: { chaosflow: LIBRARY_ENTRY }, interopDefault: false });

/**
 * Expands files and directories (recursively, skipping `node_modules`, dot-directories and `.d.ts` files)
 * into the experiment files to load, sorted so output order never depends on the file system.
 * @throws {@link UserError} when a path does not exist or holds no `.ts` file.
 */
export function experimentFiles(paths: readonly string[]): string[] {
  const files = paths.flatMap((path) => {
    const absolute = resolve(path);
    if (!existsSync(absolute))
      throw new UserError(
        `${path}: no such file or directory\n  → give an experiment file (.ts) or a directory of them`,
      );
    return statSync(absolute).isDirectory() ? walk(absolute) : [absolute];
  });
  if (files.length === 0) throw new UserError(`${paths.join(', ')}: no experiment files (.ts) found`);
  return [...new Set(files)].sort();
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
 * they export: the default export and any named export made by `experiment()`.
 * @throws {@link UserError} naming the file when it cannot be loaded or exports no experiment.
 */
export async function loadExperiments(files: readonly string[]): Promise<LoadedExperiment[]> {
  const loaded: LoadedExperiment[] = [];
  for (const file of files) loaded.push(...(await loadFile(file)));
  return loaded;
}

async function loadFile(file: string): Promise<LoadedExperiment[]> {
  let module: Record<string, unknown>;
  try {
    module = await jiti.import<Record<string, unknown>>(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `${displayPath(file)}: cannot load the experiment file: ${reason}\n  → fix the error above; the file must be valid TypeScript that runs`,
      { cause: error },
    );
  }
  const found = Object.entries(module).flatMap(([exportName, value]) => {
    const values = Array.isArray(value) ? value : [value];
    return values
      .filter((item) => exportName === 'default' || isExperiment(item))
      .map((item) => ({ file, exportName, value: item }));
  });
  if (found.length === 0) {
    throw new UserError(
      `${displayPath(file)}: exports no experiment\n  → add \`export default experiment({ ... })\``,
    );
  }
  return found;
}

/** A path as the user would write it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path.startsWith('..') ? file : path;
}
