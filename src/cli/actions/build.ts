import { join } from 'node:path';
import type { OutputKind } from '../../compile/output-kind.js';
import { writeFilesAtomically } from '../../files/write-files.js';
import { toYaml } from '../../k8s/yaml.js';
import { displayPath } from '../../load/display-path.js';
import type { HubOptions } from '../hub-option.js';
import type { Output } from '../output.js';
import { type CompiledFile, compileFiles, reportSkipped } from './compile-files.js';
import { hubFromOptions, imagesFromOptions, policyFromOptions } from './compile-options.js';

/** What `chaosflow build` is given. */
export type BuildFlags = HubOptions & { out: string; kind?: OutputKind; rbac: boolean };

/** Compiles the experiments of `paths` and writes their YAML: one file per experiment, or all to stdout. */
export async function runBuild(paths: string[], options: BuildFlags, output: Output): Promise<void> {
  const { compiled, skipped } = await compileFiles(paths, {
    hub: hubFromOptions(options),
    images: imagesFromOptions(options),
    ...policyFromOptions(options),
    rbac: options.rbac,
    ...(options.kind === undefined ? {} : { kind: options.kind }),
  });
  reportSkipped(skipped, output);
  for (const result of compiled)
    for (const warning of result.warnings) output.stderr(`warning: ${warning}\n`);
  if (options.out === '-') {
    output.stdout(toYaml(compiled.flatMap((result) => result.objects)));
    return;
  }
  writeAll(options.out, compiled, output);
}

/**
 * Writes `<name>.yaml` per experiment, all or none; nothing is written unless every experiment compiled.
 */
function writeAll(dir: string, compiled: readonly CompiledFile[], output: Output): void {
  const written = compiled.map((result) => ({ result, path: join(dir, `${result.name}.yaml`) }));
  writeFilesAtomically(
    written.map(({ result, path }) => ({ path, text: toYaml(result.objects) })),
    'choose another --out, or - for stdout',
  );
  for (const { result, path } of written) {
    output.stderr(`wrote ${displayPath(path)} (${result.kind}, from ${displayPath(result.file)})\n`);
  }
}
