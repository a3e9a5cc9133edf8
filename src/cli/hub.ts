import { Command, Option } from 'commander';
import type { ListOptions, ShowOptions, TypesOptions } from './actions/hub.js';
import { addHubOption } from './hub-option.js';
import type { Output } from './output.js';

/** `chaosflow hub`: the fault catalogue, built-in and custom. */
export function hubCommand(output: Output): Command {
  return new Command('hub')
    .description('Inspect the fault catalogue: every fault with its typed tunables.')
    .addCommand(listCommand(output))
    .addCommand(showCommand(output))
    .addCommand(typesCommand(output));
}

function listCommand(output: Output): Command {
  const command = new Command('list')
    .description('List the faults, with their scope and what they need from the cluster.')
    .option('--category <category>', 'only faults of this category (e.g. kubernetes)')
    .option(
      '--json',
      'print JSON (name, category, scope, needs, summary, tunables) instead of a table',
      false,
    );
  return addHubOption(command)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow hub list\n  $ chaosflow hub list --category kubernetes --json',
    )
    .action(async (options: ListOptions) => {
      const { listFaults } = await import('./actions/hub.js');
      listFaults(options, output);
    });
}

function showCommand(output: Output): Command {
  const command = new Command('show')
    .description("Show a fault: what it does, what it needs, and its tunables' types, defaults and meaning.")
    .argument('<fault>', 'fault name, e.g. pod-delete')
    .addOption(new Option('--json', 'print JSON instead of text').default(false));
  return addHubOption(command)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow hub show pod-delete\n  $ chaosflow hub show pod-http-latency --json',
    )
    .action(async (name: string, options: ShowOptions) => {
      const { showFault } = await import('./actions/hub.js');
      showFault(name, options, output);
    });
}

function typesCommand(output: Output): Command {
  const command = new Command('types')
    .description('Generate typed builders, like faults.podDelete, for the faults of custom hubs.')
    .requiredOption('-o, --out <file>', "TypeScript file to write, or '-' for stdout");
  return addHubOption(command)
    .addHelpText(
      'after',
      "\nExamples:\n  $ chaosflow hub types --hub hub --out experiments/lib/hub-faults.ts\n  then: import { hubFaults } from './lib/hub-faults.js';",
    )
    .action(async (options: TypesOptions) => {
      const { writeFaultTypes } = await import('./actions/hub.js');
      writeFaultTypes(options, output);
    });
}
