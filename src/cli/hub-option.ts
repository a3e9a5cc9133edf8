import { type Command, Option } from 'commander';
import { collect } from './argument-parsers.js';

/** The options every command that compiles or inspects faults shares. */
export interface HubOptions {
  readonly hub: readonly string[];
  readonly imageRegistry?: string;
  readonly imagePullSecret: readonly string[];
}

/** `--hub <dir>` (repeatable): custom hubs whose faults are added to the built-in ones. */
export function addHubOption(command: Command): Command {
  return command.addOption(
    new Option('--hub <dir>', "add a custom hub's faults to the built-in ones (repeatable)")
      .argParser(collect)
      .default([], 'none'),
  );
}

/** `--image-registry` and `--image-pull-secret`: pull Litmus's images from a mirror. */
export function addImageOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--image-registry <registry>',
        'pull every Litmus image from this mirror, by name and tag (e.g. registry.corp/litmus)',
      ),
    )
    .addOption(
      new Option(
        '--image-pull-secret <name>',
        'Secret in the chaos namespace to pull images with (repeatable)',
      )
        .argParser(collect)
        .default([], 'none'),
    );
}
