import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { UserError } from '../../errors.js';
import { leaderElectionTimingsProblem } from '../../leadership/leader-elector.js';
import { loadPolicyFile } from '../../load/policy-file.js';
import { runService } from '../../serve/run.js';
import type { ServiceOptions } from '../../serve/service-options.js';
import { authFromEnv, triggerCredentialsFromEnv } from '../credentials.js';
import type { HubOptions } from '../hub-option.js';
import type { Output } from '../output.js';

/** What `chaosflow serve` is given. */
export type ServeFlags = HubOptions & {
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
  guardian: boolean;
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
  leaderElect: boolean;
  leaderLease: string;
  leaderIdentity?: string;
  leaseDuration: number;
  renewDeadline: number;
  retryPeriod: number;
};

/** Runs the trigger service (and the GitOps loop with `--sync-repo`) until SIGTERM. */
export async function runServe(flags: ServeFlags, output: Output): Promise<void> {
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
      guardian: flags.guardian,
      rolloutTimeoutMs: flags.rolloutTimeout,
      cooldownMs: flags.cooldown,
      resyncMs: flags.resync,
      targetAnnotation: flags.targetAnnotation,
      ...(flags.api ? { auth: triggerCredentialsFromEnv() } : {}),
      ...(flags.policy === undefined ? {} : { policy: loadPolicyFile(flags.policy) }),
      ...(await syncOptions(flags)),
      ...leaderElectionOptions(flags),
    },
    output.stderr,
  );
}

/** With `--leader-elect`, which Lease, who this replica is, and its timings (checked against each other). */
function leaderElectionOptions(flags: ServeFlags): Pick<ServiceOptions, 'leaderElection'> {
  if (!flags.leaderElect) return {};
  const timings = {
    leaseDurationMs: flags.leaseDuration,
    renewDeadlineMs: flags.renewDeadline,
    retryPeriodMs: flags.retryPeriod,
  };
  const problem = leaderElectionTimingsProblem(timings);
  if (problem !== undefined)
    throw new UserError(
      `--lease-duration ${flags.leaseDuration}ms, --renew-deadline ${flags.renewDeadline}ms, --retry-period ${flags.retryPeriod}ms: ${problem}\n  → keep lease duration > renew deadline > 1.2 × retry period (the defaults are 15s, 10s, 2s)`,
    );
  const identity =
    flags.leaderIdentity ?? `${process.env.POD_NAME ?? hostname()}_${randomBytes(4).toString('hex')}`;
  return { leaderElection: { lease: flags.leaderLease, identity, ...timings } };
}

/** The GitOps loop's options; the hub is loaded only when there is a loop. */
async function syncOptions(flags: ServeFlags): Promise<Pick<ServiceOptions, 'sync'>> {
  if (flags.syncRepo === undefined) return {};
  const { hubFromOptions, imagesFromOptions, policyFromOptions } = await import('./compile-options.js');
  const auth = authFromEnv();
  return {
    sync: {
      source: { repo: flags.syncRepo, branch: flags.syncBranch, ...(auth === undefined ? {} : { auth }) },
      ...(flags.syncPath.length === 0 ? {} : { patterns: flags.syncPath }),
      hub: hubFromOptions(flags),
      images: imagesFromOptions(flags),
      ...policyFromOptions(flags),
      cacheDir: flags.syncCache,
      prune: flags.syncPrune,
      namespaces: flags.templateNamespace,
      intervalMs: flags.syncInterval,
    },
  };
}
