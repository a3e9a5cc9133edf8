import { loadPolicyFile } from '../../load/policy-file.js';
import { runService } from '../../serve/run.js';
import type { ServiceOptions } from '../../serve/service.js';
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
    },
    output.stderr,
  );
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
