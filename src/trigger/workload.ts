import type { Workload } from './change.js';
import type { RolloutView } from './rollout.js';

/** A watched workload, as the informers deliver it. */
export type WatchedWorkload = Workload &
  RolloutView & {
    readonly metadata: {
      readonly name?: string;
      readonly namespace?: string;
      readonly uid?: string;
      readonly annotations?: Readonly<Record<string, string>>;
    };
    readonly spec?: { readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> } };
  };
