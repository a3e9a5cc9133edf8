import { Command, Option } from 'commander';
import { OUTPUT_KINDS } from '../compile/output-kind.js';
import type { BuildFlags } from './actions/build.js';
import { addHubOption, addImageOptions, addPolicyOption } from './hub-option.js';
import type { Output } from './output.js';

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
  return addPolicyOption(addImageOptions(addHubOption(command)))
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow build examples --out dist\n  $ chaosflow build experiments/checkout.ts -o - --kind workflow | argo submit -',
    )
    .action(async (paths: string[], options: BuildFlags) => {
      const { runBuild } = await import('./actions/build.js');
      await runBuild(paths, options, output);
    });
}
