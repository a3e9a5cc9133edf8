import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { UserError } from '../errors.js';
import type { GitAuth } from '../gitops/git-source.js';
import type { SyncReport } from '../gitops/sync.js';
import { booleanArgument, collect } from './argument-parsers.js';
import {
  addHubOption,
  addImageOptions,
  type HubOptions,
  hubFromOptions,
  imagesFromOptions,
} from './hub-option.js';
import type { Output } from './output.js';

/** Environment variables git credentials are read from (mounted from a Secret in a cluster). */
export const GIT_CREDENTIAL_ENV = {
  token: 'CHAOSFLOW_GIT_TOKEN',
  username: 'CHAOSFLOW_GIT_USERNAME',
  sshKey: 'CHAOSFLOW_GIT_SSH_KEY',
  knownHosts: 'CHAOSFLOW_GIT_KNOWN_HOSTS',
} as const;

type SyncFlags = HubOptions & {
  branch: string;
  path: string[];
  dryRun: boolean;
  prune: boolean;
  namespace: string[];
  cache: string;
};

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
  return addImageOptions(addHubOption(command))
    .addHelpText(
      'after',
      `\nCredentials: ${GIT_CREDENTIAL_ENV.token} (and ${GIT_CREDENTIAL_ENV.username}) for https, or ${GIT_CREDENTIAL_ENV.sshKey} (a key file; ${GIT_CREDENTIAL_ENV.knownHosts} to pin host keys) for ssh.\n\nExamples:\n  $ chaosflow sync https://github.com/team/chaos.git --dry-run\n  $ chaosflow sync . --path 'experiments/**/*.ts' --prune=false`,
    )
    .action(async (repo: string, flags: SyncFlags) => {
      // Loaded on use: the Kubernetes client is not needed by the other commands.
      const { KubeConfig } = await import('@kubernetes/client-node');
      const { sync } = await import('../gitops/sync.js');
      const config = new KubeConfig();
      config.loadFromDefault();
      const auth = authFromEnv();
      const report = await sync(config, {
        source: { repo, branch: flags.branch, ...(auth === undefined ? {} : { auth }) },
        ...(flags.path.length === 0 ? {} : { patterns: flags.path }),
        hub: hubFromOptions(flags),
        images: imagesFromOptions(flags),
        cacheDir: flags.cache,
        dryRun: flags.dryRun,
        prune: flags.prune,
        namespaces: flags.namespace,
      });
      printReport(report, flags.dryRun, output);
    });
}

function printReport(report: SyncReport, dryRun: boolean, output: Output): void {
  output.stdout(`commit ${report.commit}\n`);
  for (const file of report.files) {
    output.stdout(file.ok ? `✔ ${file.file}\n` : `✖ ${file.file}: ${file.error}\n`);
  }
  for (const action of report.actions) {
    const reason = action.reason === undefined ? '' : ` (${action.reason})`;
    output.stdout(`${action.action.padEnd(12)} ${action.key}${reason}\n`);
  }
  const changed = report.actions.filter(
    (action) => action.action !== 'unchanged' && action.action !== 'keep',
  );
  output.stdout(
    `${dryRun ? 'would' : 'did'} change ${changed.length} object${changed.length === 1 ? '' : 's'}\n`,
  );
  const failed = report.files.filter((file) => !file.ok).length;
  if (failed > 0) {
    throw new UserError(
      `${failed} file${failed === 1 ? '' : 's'} did not compile; the rest were synced\n  → fix the files marked ✖ above`,
    );
  }
}

/** Git credentials from the environment: a token for https, or an SSH key file. */
export function authFromEnv(): GitAuth | undefined {
  const token = process.env[GIT_CREDENTIAL_ENV.token];
  if (token !== undefined && token !== '') {
    const username = process.env[GIT_CREDENTIAL_ENV.username];
    return { kind: 'token', token, ...(username === undefined || username === '' ? {} : { username }) };
  }
  const keyFile = process.env[GIT_CREDENTIAL_ENV.sshKey];
  if (keyFile === undefined || keyFile === '') return undefined;
  const knownHostsFile = process.env[GIT_CREDENTIAL_ENV.knownHosts];
  return {
    kind: 'ssh',
    keyFile,
    ...(knownHostsFile === undefined || knownHostsFile === '' ? {} : { knownHostsFile }),
  };
}
