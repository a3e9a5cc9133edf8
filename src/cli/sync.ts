import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { SyncFlags } from './actions/sync.js';
import { booleanArgument, collect } from './argument-parsers.js';
import { GIT_CREDENTIAL_ENV } from './credentials.js';
import { addHubOption, addImageOptions, addPolicyOption } from './hub-option.js';
import type { Output } from './output.js';

/** `chaosflow sync`: one GitOps sync of a repository's experiments into the cluster. */
export function syncCommand(output: Output): Command {
  const command = new Command('sync')
    .description(
      'Sync the experiments of a git repository into the cluster: apply, update, revert drift, prune.',
    )
    .argument('<repo>', 'repository URL (https or ssh) or local path')
    .option('--branch <branch>', 'branch to sync', 'main')
    .addOption(
      new Option('--path <glob>', 'experiment files in the repository (repeatable)')
        .argParser(collect)
        .default([], 'experiments/**/*.ts'),
    )
    .option('--dry-run', 'print the plan, validated by the API server, and change nothing', false)
    .addOption(
      new Option('--prune <true|false>', 'delete objects whose experiments left git')
        .argParser(booleanArgument)
        .default(true),
    )
    .addOption(
      new Option('--namespace <ns>', 'manage only this namespace (repeatable; default: all)')
        .argParser(collect)
        .default([]),
    )
    .option('--cache <dir>', 'where working copies are kept', join(homedir(), '.cache', 'chaosflow', 'git'));
  return addPolicyOption(addImageOptions(addHubOption(command)))
    .addHelpText(
      'after',
      `\nCredentials: ${GIT_CREDENTIAL_ENV.token} (and ${GIT_CREDENTIAL_ENV.username}) for https, or ${GIT_CREDENTIAL_ENV.sshKey} (a key file; ${GIT_CREDENTIAL_ENV.knownHosts} to pin host keys) for ssh.\n\nExamples:\n  $ chaosflow sync https://github.com/team/chaos.git --dry-run\n  $ chaosflow sync . --path 'experiments/**/*.ts' --prune=false`,
    )
    .action(async (repo: string, flags: SyncFlags) => {
      const { runSync } = await import('./actions/sync.js');
      await runSync(repo, flags, output);
    });
}
