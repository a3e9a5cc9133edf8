import { Command, Option } from 'commander';
import type { ServiceOptions } from '../trigger/service.js';
import { booleanArgument, collect, milliseconds, port } from './argument-parsers.js';
import {
  addHubOption,
  addImageOptions,
  type HubOptions,
  hubFromOptions,
  imagesFromOptions,
} from './hub-option.js';
import type { Output } from './output.js';
import { authFromEnv } from './sync.js';

/** Environment variables the HTTP trigger's credentials are read from (mounted from a Secret). */
export const CREDENTIAL_ENV = {
  token: 'CHAOSFLOW_TRIGGER_TOKEN',
  hmacSecret: 'CHAOSFLOW_TRIGGER_HMAC_SECRET',
} as const;

type ServeFlags = HubOptions & {
  namespace: string;
  watchNamespace: string[];
  templateNamespace: string[];
  policyNamespace?: string;
  killSwitch: string;
  stateConfigmap: string;
  paused: boolean;
  port: number;
  api: boolean;
  rolloutGate: boolean;
  rolloutTimeout: number;
  cooldown: number;
  resync: number;
  targetAnnotation: string;
  syncRepo?: string;
  syncBranch: string;
  syncPath: string[];
  syncInterval: number;
  syncCache: string;
  syncPrune: boolean;
};

/** `chaosflow serve`: the trigger service. */
export function serveCommand(output: Output): Command {
  const command = new Command('serve')
    .description(
      'Run the trigger service: start the matching experiment when an opted-in workload changes, and on POST /v1/trigger.',
    )
    .option(
      '--namespace <ns>',
      "the service's namespace (revision store, kill switch)",
      process.env.POD_NAMESPACE ?? 'chaosflow',
    )
    .addOption(
      new Option('--watch-namespace <ns>', 'watch workloads in this namespace (repeatable; default: all)')
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option(
        '--template-namespace <ns>',
        'find WorkflowTemplates in this namespace, and sync only into it (repeatable; default: all)',
      )
        .argParser(collect)
        .default([]),
    )
    .option('--policy-namespace <ns>', 'honour the Litmus EventTrackerPolicies in this namespace')
    .option(
      '--kill-switch <configmap>',
      'ConfigMap whose key paused: "true" pauses all triggers',
      'chaosflow-trigger',
    )
    .option(
      '--state-configmap <configmap>',
      'ConfigMap that records the handled changes (one per service)',
      'chaosflow-trigger-state',
    )
    .option('--paused', 'start with every trigger paused', false)
    .addOption(new Option('--port <port>', 'HTTP port').argParser(port).default(8080))
    .option(
      '--no-api',
      'serve only /healthz, /readyz and /metrics: no POST /v1/trigger or /v1/sync, so no credentials are needed',
    )
    .option('--no-rollout-gate', 'start chaos as soon as the spec changes, without waiting for the rollout')
    .addOption(
      new Option('--rollout-timeout <duration>', 'give up waiting for a rollout after this long')
        .argParser(milliseconds)
        .default(600_000, '10m'),
    )
    .addOption(
      new Option('--cooldown <duration>', 'least time between two runs on one workload')
        .argParser(milliseconds)
        .default(300_000, '5m'),
    )
    .addOption(
      new Option('--resync <duration>', 'replace every workload watch with a fresh list this often')
        .argParser(milliseconds)
        .default(60_000, '1m'),
    )
    .option(
      '--target-annotation <key>',
      'annotation (value "true") that opts a workload in as a chaos target',
      'litmuschaos.io/chaos',
    )
    .option(
      '--sync-repo <repo>',
      'also run the GitOps loop: sync experiments from this repository (URL or path)',
    )
    .option('--sync-branch <branch>', 'branch of --sync-repo', 'main')
    .addOption(
      new Option('--sync-path <glob>', 'experiment files in --sync-repo (repeatable)')
        .argParser(collect)
        .default([], 'experiments/**/*.ts'),
    )
    .addOption(
      new Option('--sync-interval <duration>', 'sync this often (and on POST /v1/sync)')
        .argParser(milliseconds)
        .default(120_000, '2m'),
    )
    .option('--sync-cache <dir>', 'where the working copy is kept', '/tmp/chaosflow-git')
    .addOption(
      new Option('--sync-prune <true|false>', 'delete objects whose experiments left git')
        .argParser(booleanArgument)
        .default(true),
    );
  return addImageOptions(addHubOption(command))
    .addHelpText(
      'after',
      `\nCredentials for POST /v1/trigger come from ${CREDENTIAL_ENV.token} (bearer token) and/or ${CREDENTIAL_ENV.hmacSecret} (HMAC-SHA256 of the body, header X-Chaosflow-Signature: sha256=<hex>).\nThe Kubernetes API is reached through KUBECONFIG, or the pod's service account in a cluster.\n\nExamples:\n  $ chaosflow serve --watch-namespace shop --template-namespace litmus\n  $ chaosflow serve --policy-namespace litmus --cooldown 15m`,
    )
    .action(async (flags: ServeFlags) => {
      // Loaded on use: the service's dependencies are not needed by the other commands.
      const { runService } = await import('../trigger/run-service.js');
      await runService(
        {
          namespace: flags.namespace,
          watchNamespaces: flags.watchNamespace,
          templateNamespaces: flags.templateNamespace,
          ...(flags.policyNamespace === undefined ? {} : { policyNamespace: flags.policyNamespace }),
          killSwitch: flags.killSwitch,
          stateConfigMap: flags.stateConfigmap,
          paused: flags.paused,
          port: flags.port,
          rolloutGate: flags.rolloutGate,
          rolloutTimeoutMs: flags.rolloutTimeout,
          cooldownMs: flags.cooldown,
          resyncMs: flags.resync,
          targetAnnotation: flags.targetAnnotation,
          ...(flags.api ? { auth: credentialsFromEnv() } : {}),
          ...syncOptions(flags),
        },
        output,
      );
    });
}

function syncOptions(flags: ServeFlags): Pick<ServiceOptions, 'sync'> {
  if (flags.syncRepo === undefined) return {};
  const auth = authFromEnv();
  return {
    sync: {
      source: { repo: flags.syncRepo, branch: flags.syncBranch, ...(auth === undefined ? {} : { auth }) },
      ...(flags.syncPath.length === 0 ? {} : { patterns: flags.syncPath }),
      hub: hubFromOptions(flags),
      images: imagesFromOptions(flags),
      cacheDir: flags.syncCache,
      prune: flags.syncPrune,
      namespaces: flags.templateNamespace,
      intervalMs: flags.syncInterval,
    },
  };
}

function credentialsFromEnv(): { token?: string; hmacSecret?: string } {
  const token = process.env[CREDENTIAL_ENV.token];
  const hmacSecret = process.env[CREDENTIAL_ENV.hmacSecret];
  return {
    ...(token === undefined || token === '' ? {} : { token }),
    ...(hmacSecret === undefined || hmacSecret === '' ? {} : { hmacSecret }),
  };
}
