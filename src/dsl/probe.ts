import type { Duration } from '../model/duration.js';
import type { NUMERIC_CRITERIA, ProbeMode, probeSchema, STRING_CRITERIA } from '../model/probe.js';
import type { z } from '../zod.js';
import { toModel } from './deep-readonly.js';

/** A probe as the model holds it. */
export type ProbeStep = z.input<typeof probeSchema>;

/** Timing and retries of a probe (Litmus `runProperties`). */
export interface RunPropertiesOptions {
  /** How long one probe attempt may take. */
  readonly probeTimeout: Duration;
  /** Time between attempts. */
  readonly interval: Duration;
  /** Attempts before the probe counts as failed. @defaultValue 1 */
  readonly attempt?: number;
  /** Time between runs of a Continuous or OnChaos probe. */
  readonly probePollingInterval?: Duration;
  /** Time to wait before the first attempt. */
  readonly initialDelay?: Duration;
  /** How long Litmus keeps evaluating the probe. */
  readonly evaluationTimeout?: Duration;
  /** End the fault at once when the probe fails. */
  readonly stopOnFailure?: boolean;
  /** `debug` logs every comparison, `info` only the first. */
  readonly verbosity?: 'info' | 'debug';
}

/** What every probe has: a name, when it runs, and its timing. */
export interface ProbeOptions {
  /** Unique among the fault's probes. */
  readonly name: string;
  /** When the probe runs: start (SOT), end (EOT), both (Edge), throughout (Continuous), during chaos (OnChaos). */
  readonly mode: ProbeMode;
  readonly runProperties: RunPropertiesOptions;
}

/** Relational criteria; `oneOf` and `between` take a list of values. */
export type NumericCriteria = (typeof NUMERIC_CRITERIA)[number];
/** Text criteria; `oneOf` takes a list of values. */
export type StringCriteria = (typeof STRING_CRITERIA)[number];

/** How a value is judged: one value, or a list for `oneOf` and `between`. */
export type Check<C extends string, V> =
  | { readonly criteria: Exclude<C, 'oneOf' | 'between'>; readonly value: V }
  | { readonly criteria: Extract<C, 'oneOf' | 'between'>; readonly value: readonly V[] };

/** Judges an HTTP response code. */
export type ResponseCheck =
  | { readonly criteria: Exclude<NumericCriteria, 'oneOf' | 'between'>; readonly responseCode: number }
  | { readonly criteria: 'oneOf' | 'between'; readonly responseCode: readonly number[] };

/** An HTTP probe: calls `url` and judges the response code. */
export interface HttpProbeOptions extends ProbeOptions {
  readonly url: string;
  readonly insecureSkipVerify?: boolean;
  readonly method:
    | { readonly get: ResponseCheck }
    | {
        readonly post: ResponseCheck & {
          readonly contentType?: string;
          readonly body?: string;
          readonly bodyPath?: string;
        };
      };
}

/** A command probe: runs `command` and compares its output. */
export interface CmdProbeOptions extends ProbeOptions {
  readonly command: string;
  readonly comparator:
    | ({ readonly type: 'int' | 'float' } & Check<NumericCriteria, number>)
    | ({ readonly type: 'string' } & Check<StringCriteria, string>);
  /** Run the command in a pod of its own with this image, instead of inside the fault's pod. */
  readonly source?: {
    readonly image: string;
    readonly hostNetwork?: boolean;
    readonly inheritInputs?: boolean;
    readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
    readonly privileged?: boolean;
  };
}

/** A Kubernetes probe: checks that resources are present or absent, or creates or deletes them. */
export interface K8sProbeOptions extends ProbeOptions {
  readonly group?: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace?: string;
  /** Comma-separated names. */
  readonly resourceNames?: string;
  readonly fieldSelector?: string;
  readonly labelSelector?: string;
  readonly operation: 'present' | 'absent' | 'create' | 'delete';
  /** The manifest to create, for `operation: 'create'`. */
  readonly data?: string;
}

/** A Prometheus probe: runs a PromQL query and compares the number it returns. */
export type PromProbeOptions = ProbeOptions & {
  readonly endpoint: string;
  readonly comparator: Check<NumericCriteria, number>;
} & (
    | { readonly query: string; readonly queryPath?: never }
    | { readonly queryPath: string; readonly query?: never }
  );

function split<T extends ProbeOptions>(options: T): [ProbeOptions, Omit<T, keyof ProbeOptions>] {
  const { name, mode, runProperties, ...inputs } = options;
  return [{ name, mode, runProperties }, inputs];
}

/**
 * Litmus probes: how a fault judges whether the system stayed healthy.
 * @example probe.http({ name: 'frontend-up', mode: 'Continuous', url: 'http://frontend.shop', method: { get: { criteria: '==', responseCode: 200 } }, runProperties: { probeTimeout: '5s', interval: '2s', attempt: 3 } })
 */
export const probe = {
  /** An HTTP probe. */
  http(options: HttpProbeOptions): ProbeStep {
    const [common, inputs] = split(options);
    return { type: 'httpProbe', ...common, inputs: toModel(inputs) };
  },
  /** A command probe. */
  cmd(options: CmdProbeOptions): ProbeStep {
    const [common, inputs] = split(options);
    return { type: 'cmdProbe', ...common, inputs: toModel(inputs) };
  },
  /** A Kubernetes probe. */
  k8s(options: K8sProbeOptions): ProbeStep {
    const [common, { data, ...inputs }] = split(options);
    return {
      type: 'k8sProbe',
      ...common,
      inputs: toModel(inputs),
      ...(data === undefined ? {} : { data }),
    };
  },
  /** A Prometheus probe. */
  prom(options: PromProbeOptions): ProbeStep {
    const [common, inputs] = split(options);
    return { type: 'promProbe', ...common, inputs: toModel(inputs) };
  },
} as const;
