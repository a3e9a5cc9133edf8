import type { Target } from '../model/target.js';
import { WORKLOAD_KIND_NAMES, type WorkloadKind } from '../model/workload-kinds.js';

/** Selects workloads of one kind in one namespace, by a label or by names. */
export type WorkloadSelector =
  | { readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly names?: never }
  | { readonly namespace: string; readonly names: readonly string[]; readonly labels?: never };

/** Defaults for a target read from workflow parameters. */
export interface ParameterTargetOptions {
  /** Values pre-filled in the Argo UI submit form. */
  readonly defaults?: {
    readonly namespace?: string;
    readonly kind?: WorkloadKind;
    /** One label, e.g. `{ app: 'nginx' }`. */
    readonly labels?: Readonly<Record<string, string>>;
  };
  /** Kinds offered in the Argo UI submit form; all kinds when unset. */
  readonly kinds?: readonly WorkloadKind[];
}

const workload =
  (kind: WorkloadKind) =>
  (selector: WorkloadSelector): Target => ({
    type: 'workload',
    kind,
    namespace: selector.namespace,
    ...(selector.labels === undefined ? {} : { labels: { ...selector.labels } }),
    ...(selector.names === undefined ? {} : { names: [...selector.names] }),
  });

/** A builder per workload kind: `target.deployment(...)`, `target.statefulset(...)`, and so on. */
type WorkloadTargets = { readonly [K in WorkloadKind]: (selector: WorkloadSelector) => Target };

const workloadTargets = Object.fromEntries(
  WORKLOAD_KIND_NAMES.map((kind) => [kind, workload(kind)]),
) as WorkloadTargets;

/**
 * Targets: which workloads a fault hits. Only workloads selected here are touched.
 * @example target.deployment({ namespace: 'nginx', labels: { app: 'nginx' } })
 */
export const target = {
  ...workloadTargets,
  /**
   * The target is given when the workflow is submitted, as parameters `appNamespace`, `appKind` and
   * `appLabel`, so one WorkflowTemplate serves any workload; the trigger service fills them in.
   */
  fromParameters: (options: ParameterTargetOptions = {}): Target => ({
    type: 'parameters',
    defaults: {
      ...(options.defaults?.namespace === undefined ? {} : { namespace: options.defaults.namespace }),
      ...(options.defaults?.kind === undefined ? {} : { kind: options.defaults.kind }),
      ...(options.defaults?.labels === undefined ? {} : { labels: { ...options.defaults.labels } }),
    },
    kinds: [...(options.kinds ?? WORKLOAD_KIND_NAMES)],
  }),
} as const;
