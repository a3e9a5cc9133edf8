import { Command, Option } from 'commander';
import { OUTPUT_KINDS, type OutputKind } from '../compile/output-kind.js';
import { displayPath } from '../load/experiment-files.js';
import { compileFiles, reportSkipped } from './compile-files.js';
import { addHubOption, type HubOptions, hubFromOptions } from './hub-option.js';
import type { Output } from './output.js';

/** `chaosflow validate`: checks experiments exactly as `build` would, and writes nothing. */
export function validateCommand(output: Output): Command {
  const command = new Command('validate')
    .description('Check experiment files without writing anything.')
    .argument('<paths...>', 'experiment files (.ts) or directories of them')
    .addOption(
      new Option(
        '--kind <kind>',
        'validate for this Argo object (default: cron when scheduled, else template)',
      ).choices(OUTPUT_KINDS),
    );
  return addHubOption(command)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow validate experiments/\n  $ chaosflow validate experiments/nightly.ts --kind cron',
    )
    .action(async (paths: string[], options: Pick<HubOptions, 'hub'> & { kind?: OutputKind }) => {
      const { compiled, skipped } = await compileFiles(paths, {
        hub: hubFromOptions(options),
        ...(options.kind === undefined ? {} : { kind: options.kind }),
      });
      reportSkipped(skipped, output);
      for (const result of compiled)
        output.stdout(`✔ ${displayPath(result.file)}: ${result.name} (${result.kind})\n`);
      output.stdout(`${compiled.length} experiment${compiled.length === 1 ? '' : 's'} valid\n`);
    });
}
