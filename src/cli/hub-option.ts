import { type Command, InvalidArgumentError, Option } from 'commander';
import { imageOptionProblems } from '../compile/images.js';
import { PULL_POLICIES, type PullPolicy } from '../model/pull-policy.js';
import { collect } from './argument-parsers.js';

/** The options every command that compiles or inspects faults shares. */
export interface HubOptions {
  readonly hub: readonly string[];
  readonly imageRegistry?: string;
  readonly imageRegistryCustomHubs?: boolean;
  readonly imagePullSecret: readonly string[];
  readonly imagePullPolicy?: PullPolicy;
  /** A blast-radius policy file (`--policy`), on the commands that compile. */
  readonly policy?: string;
}

/** `--policy <file>`: a blast-radius policy every experiment must keep. */
export function addPolicyOption(command: Command): Command {
  return command.option(
    '--policy <file>',
    'refuse experiments that break this blast-radius policy (forbidden namespaces, share of pods, time windows)',
  );
}

/** `--hub <dir>` (repeatable): custom hubs whose faults are added to the built-in ones. */
export function addHubOption(command: Command): Command {
  return command.addOption(
    new Option('--hub <dir>', "add a custom hub's faults to the built-in ones (repeatable)")
      .argParser(collect)
      .default([], 'none'),
  );
}

/**
 * `--image-registry`, `--image-pull-secret` and `--image-pull-policy`: pull Litmus's images from a mirror, as
 * a cluster without access to public registries needs. Values Kubernetes would refuse are refused here.
 */
export function addImageOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--image-registry <registry>',
        "pull the built-in faults' images from this mirror, by name and tag (e.g. registry.corp/litmus)",
      ).argParser((registry: string) => valid(registry, { registry })),
    )
    .addOption(
      new Option(
        '--image-registry-custom-hubs',
        "move the images of custom hubs' faults to --image-registry too (they are left alone otherwise)",
      ),
    )
    .addOption(
      new Option(
        '--image-pull-secret <name>',
        'Secret in the chaos namespace to pull images with (repeatable)',
      )
        .argParser((name: string, previous: readonly string[]) =>
          collect(valid(name, { pullSecrets: [name] }), previous),
        )
        .default([], 'none'),
    )
    .addOption(
      new Option(
        '--image-pull-policy <policy>',
        "pull policy of the chaos pods of experiments that set none (default: Litmus's, Always)",
      ).choices(PULL_POLICIES),
    );
}

/** The value, or commander's refusal with what is wrong and how to fix it. */
function valid(value: string, options: Parameters<typeof imageOptionProblems>[0]): string {
  const [problem] = imageOptionProblems(options);
  if (problem !== undefined) throw new InvalidArgumentError(problem.replace('\n  → ', '; '));
  return value;
}
