import { Command, Option } from 'commander';
import { DEFAULT_LEADER_ELECTION_TIMINGS } from '../leadership/leader-elector.js';
import { DEFAULT_STATE_CONFIG_MAP } from '../trigger/revision-store.js';
import type { ServeFlags } from './actions/serve.js';
import { booleanArgument, collect, milliseconds, port } from './argument-parsers.js';
import { CREDENTIAL_ENV } from './credentials.js';
import { addHubOption, addImageOptions, addPolicyOption } from './hub-option.js';
import type { Output } from './output.js';

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
        'find WorkflowTemplates in this namespace, sync only into it, and guard the runs in it (repeatable; default: all)',
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
      DEFAULT_STATE_CONFIG_MAP,
    )
    .option('--paused', 'start with every trigger paused', false)
    .addOption(new Option('--port <port>', 'HTTP port').argParser(port).default(8080))
    .option(
      '--no-api',
      'serve only /healthz, /readyz and /metrics: no POST /v1/trigger or /v1/sync, so no credentials are needed',
    )
    .option('--no-rollout-gate', 'start chaos as soon as the spec changes, without waiting for the rollout')
    .option(
      '--no-guardian',
      "don't watch chaosflow's runs for abort conditions (runs that declare some then fail before any chaos)",
    )
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
    )
    .option(
      '--leader-elect',
      'run as one of several replicas: only the holder of a Lease watches workloads, syncs and guards runs; all serve HTTP',
      false,
    )
    .option(
      '--leader-lease <name>',
      "the Lease (in --namespace) the replicas compete for; the chart's Role allows only this one",
      'chaosflow-leader',
    )
    .option(
      '--leader-identity <id>',
      "this replica's name in the Lease (default: $POD_NAME or the host name, and a random suffix)",
    )
    .addOption(
      new Option(
        '--lease-duration <duration>',
        'how long followers wait for a silent leader before taking over',
      )
        .argParser(milliseconds)
        .default(DEFAULT_LEADER_ELECTION_TIMINGS.leaseDurationMs, '15s'),
    )
    .addOption(
      new Option(
        '--renew-deadline <duration>',
        'how long the leader retries a failing renewal before it steps down',
      )
        .argParser(milliseconds)
        .default(DEFAULT_LEADER_ELECTION_TIMINGS.renewDeadlineMs, '10s'),
    )
    .addOption(
      new Option('--retry-period <duration>', 'how often the leader renews and followers try to take over')
        .argParser(milliseconds)
        .default(DEFAULT_LEADER_ELECTION_TIMINGS.retryPeriodMs, '2s'),
    );
  return addPolicyOption(addImageOptions(addHubOption(command)))
    .addHelpText(
      'after',
      `\nCredentials for POST /v1/trigger come from ${CREDENTIAL_ENV.token} (bearer token) and/or ${CREDENTIAL_ENV.hmacSecret} (HMAC-SHA256 of the body, header X-Chaosflow-Signature: sha256=<hex>).\nThe Kubernetes API is reached through KUBECONFIG, or the pod's service account in a cluster.\n\nExamples:\n  $ chaosflow serve --watch-namespace shop --template-namespace litmus\n  $ chaosflow serve --policy-namespace litmus --cooldown 15m`,
    )
    .action(async (flags: ServeFlags) => {
      const { runServe } = await import('./actions/serve.js');
      await runServe(flags, output);
    });
}
