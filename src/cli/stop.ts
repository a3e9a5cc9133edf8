import { Command, Option } from 'commander';
import { UserError } from '../errors.js';
import type { StopFlags } from './actions/stop.js';
import { collect } from './argument-parsers.js';
import type { Output } from './output.js';

/** `chaosflow stop`: the emergency stop, on or off. */
export function stopCommand(output: Output): Command {
  return new Command('stop')
    .description(
      'Emergency stop: stop every running chaosflow run now (each exit handler reverts its chaos), and have chaosflow serve pause triggers and stop any run that starts, until lifted.',
    )
    .option(
      '--all',
      'stop every running chaosflow run in scope (required, so that it is never done by accident)',
    )
    .option('--lift', 'lift the emergency stop: runs may start again (stopped runs stay stopped)')
    .option('--reason <text>', 'why, written on every stopped run and in its Event')
    .option(
      '--namespace <ns>',
      'namespace of chaosflow serve, where its kill-switch ConfigMap lives',
      process.env.POD_NAMESPACE ?? 'chaosflow',
    )
    .option('--kill-switch <configmap>', "the service's kill-switch ConfigMap", 'chaosflow-trigger')
    .addOption(
      new Option('--run-namespace <ns>', 'stop runs in this namespace only (repeatable; default: all)')
        .argParser(collect)
        .default([]),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow stop --all --reason "checkout error rate is up"\n  $ chaosflow stop --lift',
    )
    .action(async (flags: StopFlags) => {
      if (flags.all === flags.lift)
        throw new UserError(
          `${flags.all === true ? 'both --all and --lift given' : 'neither --all nor --lift given'}\n  → chaosflow stop --all stops every running run; chaosflow stop --lift lets runs start again`,
        );
      const { runStop } = await import('./actions/stop.js');
      await runStop(flags, output);
    });
}
