import { join } from 'node:path';
import { Command, Option } from 'commander';
import { OUTPUT_KINDS, type OutputKind } from '../compile/output-kind.js';
import { toYaml } from '../k8s/yaml.js';
import { displayPath } from '../load/experiment-files.js';
import { type CompiledFile, compileFiles, reportSkipped } from './compile-files.js';
import {
  addHubOption,
  addImageOptions,
  type HubOptions,
  hubFromOptions,
  imagesFromOptions,
} from './hub-option.js';
import type { Output } from './output.js';
import { writeFileAtomically } from './write-file.js';

/** `chaosflow build`: compiles experiments to Argo YAML, one file per experiment, or all to stdout. */
export function buildCommand(output: Output): Command {
  const command = new Command('build')
    .description('Compile experiment files to Argo Workflows YAML.')
    .argument('<paths...>', 'experiment files (.ts) or directories of them')
    .option(
      '-o, --out <dir>',
      "directory to write one <name>.yaml per experiment into, or '-' for stdout",
      '-',
    )
    .addOption(
      new Option(
        '--kind <kind>',
        'Argo object to emit (default: cron when scheduled, else template)',
      ).choices(OUTPUT_KINDS),
    )
    .option('--rbac', 'also emit least-privilege ServiceAccounts, Roles and RoleBindings', false);
  return addImageOptions(addHubOption(command))
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow build examples --out dist\n  $ chaosflow build experiments/checkout.ts -o - --kind workflow | argo submit -',
    )
    .action(
      async (paths: string[], options: HubOptions & { out: string; kind?: OutputKind; rbac: boolean }) => {
        const { compiled, skipped } = await compileFiles(paths, {
          hub: hubFromOptions(options),
          images: imagesFromOptions(options),
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
      },
    );
}

/**
 * Writes `<name>.yaml` per experiment, each atomically; nothing is written unless every experiment compiled.
 */
function writeAll(dir: string, compiled: readonly CompiledFile[], output: Output): void {
  for (const result of compiled) {
    const target = join(dir, `${result.name}.yaml`);
    writeFileAtomically(target, toYaml(result.objects));
    output.stderr(`wrote ${displayPath(target)} (${result.kind}, from ${displayPath(result.file)})\n`);
  }
}
