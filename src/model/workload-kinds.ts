/** How the Kubernetes API knows a workload kind. */
interface WorkloadKindInfo {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  /** The resource, as in `/apis/<group>/<version>/<resource>`. */
  readonly resource: string;
  /** Whether the trigger service watches it and starts chaos when it changes. */
  readonly watched: boolean;
}

/**
 * Every workload kind chaosflow knows, by the name Litmus gives it (ChaosEngine `appinfo.appkind`): the DSL's
 * targets, the model's checks, the trigger's watches, reads and Events and its HTTP API all read this table.
 * A new kind is one entry here; a watched one also needs its rule in src/trigger/rollout.ts (the compiler
 * asks for it).
 */
export const WORKLOAD_KINDS = {
  deployment: { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', watched: true },
  statefulset: { kind: 'StatefulSet', group: 'apps', version: 'v1', resource: 'statefulsets', watched: true },
  daemonset: { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets', watched: true },
  rollout: {
    kind: 'Rollout',
    group: 'argoproj.io',
    version: 'v1alpha1',
    resource: 'rollouts',
    watched: false,
  },
  deploymentconfig: {
    kind: 'DeploymentConfig',
    group: 'apps.openshift.io',
    version: 'v1',
    resource: 'deploymentconfigs',
    watched: false,
  },
} as const satisfies Record<string, WorkloadKindInfo>;

/** A workload kind Litmus can target. */
export type WorkloadKind = keyof typeof WORKLOAD_KINDS;

/** A workload kind the trigger service watches. */
export type WatchedKind = {
  [K in WorkloadKind]: (typeof WORKLOAD_KINDS)[K]['watched'] extends true ? K : never;
}[WorkloadKind];

/** Every workload kind, in the table's order. */
export const WORKLOAD_KIND_NAMES = Object.keys(WORKLOAD_KINDS) as [WorkloadKind, ...WorkloadKind[]];

/** The kinds the trigger service watches, in the table's order. */
export const WATCHED_KINDS = WORKLOAD_KIND_NAMES.filter(
  (kind): kind is WatchedKind => WORKLOAD_KINDS[kind].watched,
) as [WatchedKind, ...WatchedKind[]];
