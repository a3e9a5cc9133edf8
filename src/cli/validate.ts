import { Command, Option } from 'commander';
import { OUTPUT_KINDS } from '../compile/output-kind.js';
import type { ValidateFlags } from './actions/validate.js';
import { addHubOption, addPolicyOption } from './hub-option.js';
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
  return addPolicyOption(addHubOption(command))
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow validate experiments/\n  $ chaosflow validate experiments/nightly.ts --kind cron',
    )
    .action(async (paths: string[], options: ValidateFlags) => {
      const { runValidate } = await import('./actions/validate.js');
      await runValidate(paths, options, output);
    });
}
