import type { ChaosExperiment, PolicyRule, TunableMetadata } from './schema.js';

/** A tunable with its DSL name resolved and its default taken from the ChaosExperiment. */
export type Tunable = TunableMetadata & {
  readonly name: string;
  /** The env value the ChaosExperiment ships, if it sets a non-empty one. */
  readonly default?: string;
};

/** One fault of a hub: its ChaosExperiment and typed tunables. */
export interface HubFault {
  readonly name: string;
  readonly category: string;
  readonly summary: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly permissions: readonly PolicyRule[];
  /** Its helper pods mount the node's container-runtime socket. */
  readonly runtimeSocket: boolean;
  /** Its helper pods run privileged, share the node's namespaces, or mount host paths. */
  readonly privileged: boolean;
  /** Secrets the fault mounts, which must exist in the chaos namespace. */
  readonly secrets: readonly { readonly name: string; readonly mountPath: string }[];
  readonly experiment: ChaosExperiment;
  readonly tunables: readonly Tunable[];
  /** Directory the fault was loaded from, for messages. */
  readonly source: string;
}

/** A loaded, validated fault catalogue. */
export interface Hub {
  readonly name: string;
  readonly litmusVersion: string;
  readonly faults: ReadonlyMap<string, HubFault>;
}

/** The DSL name of an env var: `TOTAL_CHAOS_DURATION` → `totalChaosDuration`. */
export function camelCase(env: string): string {
  return env.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
