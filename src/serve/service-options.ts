import type { SyncOptions } from '../gitops/sync.js';
import type { LeaderElectionTimings } from '../leadership/leader-elector.js';
import type { BlastRadiusPolicy } from '../policy/policy.js';
import type { ControllerOptions } from '../trigger/controller.js';
import type { AuthConfig } from './http/auth.js';

/** Everything `chaosflow serve` is configured with. */
export interface ServiceOptions extends ControllerOptions {
  /** The service's own namespace: its revision store and kill switch live there. */
  readonly namespace: string;
  /** Namespaces whose workloads are watched; all when empty. */
  readonly watchNamespaces: readonly string[];
  /** Namespaces searched for WorkflowTemplates; all when empty. */
  readonly templateNamespaces: readonly string[];
  /** Namespace of the EventTrackerPolicies to honour; none are read when unset. */
  readonly policyNamespace?: string;
  /** ConfigMap in {@link namespace} whose key `paused: "true"` pauses all triggers. */
  readonly killSwitch: string;
  /** ConfigMap in {@link namespace} that stores handled revisions; the trigger's `DEFAULT_STATE_CONFIG_MAP` when unset. */
  readonly stateConfigMap?: string;
  /** Start paused, whatever the ConfigMap says. */
  readonly paused?: boolean;
  readonly port: number;
  readonly host?: string;
  /** Credentials for `POST /v1/trigger` and `/v1/sync`; without them the HTTP API is off. */
  readonly auth?: AuthConfig;
  /** How often waiting triggers (rollouts, cooldowns) are re-checked. @defaultValue 1000 */
  readonly tickMs?: number;
  /** How often every workload watch is replaced by a fresh list+watch. @defaultValue 60000 */
  readonly resyncMs?: number;
  /** The GitOps loop: sync a repository of experiments every `intervalMs` and on `POST /v1/sync`. */
  readonly sync?: Omit<SyncOptions, 'dryRun'> & { readonly intervalMs: number };
  /**
   * Run the guardian: watch chaosflow's runs in {@link templateNamespaces}, stop those whose abort conditions
   * hold, and reap the ChaosEngines of runs that ended without deleting them. @defaultValue true
   */
  readonly guardian?: boolean;
  /** How often the reaper sweeps for engines whose run has ended or is gone. @defaultValue 30000 */
  readonly reapIntervalMs?: number;
  /** The blast-radius policy the guardian holds runs to when they start (the sync loop has its own). */
  readonly policy?: BlastRadiusPolicy;
  /**
   * Run as one of several replicas: only the one holding this Lease (in {@link namespace}) watches workloads,
   * syncs periodically and guards runs; every replica serves HTTP. Without it, this process does everything.
   */
  readonly leaderElection?: LeaderElectionOptions;
}

/** Which Lease the replicas compete for, who this one is, and how fast leadership moves. */
export interface LeaderElectionOptions extends LeaderElectionTimings {
  readonly lease: string;
  /** Unique per process: the Lease's holderIdentity while this replica leads. */
  readonly identity: string;
}
