import { type CompiledExperiment, compileExperiment } from '../../compile/compile.js';
import type { ImageOptions } from '../../compile/images.js';
import type { OutputKind } from '../../compile/output-kind.js';
import { UserError, ValidationError } from '../../errors.js';
import type { Hub } from '../../hub/hub.js';
import { displayPath } from '../../load/display-path.js';
import { experimentFiles, loadExperiments } from '../../load/experiment-files.js';
import type { BlastRadiusPolicy } from '../../policy/policy.js';
import type { Output } from '../output.js';

/** A compiled experiment and the file it came from. */
export interface CompiledFile extends CompiledExperiment {
  readonly file: string;
}

/** Every compiled experiment, and the files skipped because they export none. */
export interface CompiledFiles {
  readonly compiled: readonly CompiledFile[];
  readonly skipped: readonly string[];
}

/** What `build` and `validate` share: which hub, which kind, and what to emit. */
export interface CompileFilesOptions {
  readonly hub: Hub;
  readonly kind?: OutputKind;
  readonly rbac?: boolean;
  readonly images?: ImageOptions;
  readonly policy?: BlastRadiusPolicy;
}

/**
 * Loads and compiles every experiment under `paths`. Every experiment is compiled before anything is
 * reported as done, and all failures are collected, so a caller can write nothing unless all succeeded.
 * @throws {@link UserError} listing every invalid experiment, each with its file.
 */
export async function compileFiles(
  paths: readonly string[],
  options: CompileFilesOptions,
): Promise<CompiledFiles> {
  const { experiments, skipped } = await loadExperiments(experimentFiles(paths));
  const failures: string[] = [];
  const compiled: CompiledFile[] = [];
  for (const { file, value } of experiments) {
    try {
      compiled.push({ file, ...compileExperiment(value, options) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      failures.push(`${displayPath(file)}: ${error.message}`);
    }
  }
  failures.push(...duplicateNames(compiled));
  if (failures.length > 0) throw new UserError(failures.join('\n\n'));
  return { compiled, skipped };
}

/** Tells the user which files were skipped, so a forgotten `export default` does not go unnoticed. */
export function reportSkipped(skipped: readonly string[], output: Output): void {
  for (const file of skipped) output.stderr(`note: skipped ${displayPath(file)}: it exports no experiment\n`);
}

function duplicateNames(compiled: readonly CompiledFile[]): string[] {
  const seen = new Map<string, string>();
  return compiled.flatMap(({ name, file }) => {
    const earlier = seen.get(name);
    seen.set(name, file);
    return earlier === undefined
      ? []
      : [
          `${displayPath(file)}: experiment name "${name}" is also used in ${displayPath(earlier)}\n  → names must be unique; each becomes one object and one file`,
        ];
  });
}
