import { Command } from 'commander';
import { displayPath } from '../load/display-path.js';
import type { Output } from './output.js';

/** `chaosflow new`: scaffolds for extending chaosflow. */
export function newCommand(output: Output): Command {
  return new Command('new')
    .description('Scaffold new things: a custom fault.')
    .addCommand(faultCommand(output));
}

type NewFaultFlags = { hub: string; category: string; summary?: string; image?: string };

function faultCommand(output: Output): Command {
  return new Command('fault')
    .description('Add a fault to a custom hub: a ChaosExperiment to edit and its typed tunables.')
    .argument('<name>', 'fault name, e.g. redis-flush')
    .option('--hub <dir>', 'custom hub directory (created when it has no hub.yaml)', 'hub')
    .option('--category <category>', 'category directory of the fault', 'custom')
    .option('--summary <text>', 'one sentence on what the fault does')
    .option('--image <image>', "the fault's image (default: Litmus's go-runner)")
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow new fault redis-flush --hub hub --image registry.corp/chaos/redis-flush:1.0.0\n  $ chaosflow hub show redis-flush --hub hub',
    )
    .action(async (name: string, options: NewFaultFlags) => {
      // Loaded on use: the templates' renderer is not needed by the other commands.
      const { newFault } = await import('../scaffold/new-fault.js');
      const { faultDir, files } = newFault({ name, hubDir: options.hub, ...optional(options) });
      for (const file of files) output.stderr(`created ${displayPath(file)}\n`);
      output.stdout(
        `Next: edit fault.yaml and tunables.yaml in ${displayPath(faultDir)}, then check them with \`chaosflow hub show ${name} --hub ${displayPath(options.hub)}\`\n`,
      );
    });
}

function optional(options: NewFaultFlags): { category: string; summary?: string; image?: string } {
  return {
    category: options.category,
    ...(options.summary === undefined ? {} : { summary: options.summary }),
    ...(options.image === undefined ? {} : { image: options.image }),
  };
}
