import type { Duration } from '../model/duration.js';
import type { GuardInput, WHEN_UNAVAILABLE } from '../model/guard.js';
import { toModel } from './deep-readonly.js';

/** An abort condition as the model holds it. */
export type GuardStep = GuardInput;

/** What every abort condition has: a name and its timing. */
export interface GuardOptions {
  /** Names the condition in the reason a stopped run gives; a DNS label, unique in the experiment. */
  readonly name: string;
  /** How long the condition must hold, at every evaluation, before the run is stopped. @defaultValue '0s' */
  readonly for?: Duration;
  /** How often the guardian evaluates the condition. @defaultValue '10s' */
  readonly every?: Duration;
}

/** A threshold: breached while the value is above it, or below it. */
export type Threshold =
  | { readonly above: number; readonly below?: never }
  | { readonly below: number; readonly above?: never };

/** What the guardian does when it cannot evaluate the condition. */
export type WhenUnavailable = (typeof WHEN_UNAVAILABLE)[number];

/** A PromQL query compared with a threshold: breached while any sample it returns crosses it. */
export type PrometheusGuardOptions = GuardOptions &
  Threshold & {
    /** Prometheus's base URL, e.g. `http://prometheus.monitoring:9090`. */
    readonly endpoint: string;
    /** An instant query; an empty result is no breach, as in Prometheus's own alerting rules. */
    readonly query: string;
    /** When Prometheus cannot answer: stop the run (`abort`) or carry on (`continue`). @defaultValue 'abort' */
    readonly whenUnavailable?: WhenUnavailable;
  };

/** An HTTP GET: breached while the answer's status, body or latency is not as expected, or there is none. */
export interface HttpGuardOptions extends GuardOptions {
  readonly url: string;
  /** Status codes that are healthy. @defaultValue any 2xx or 3xx */
  readonly expectStatus?: readonly number[];
  /** Text a healthy answer's body contains. */
  readonly bodyContains?: string;
  /** A slower answer is a breach. */
  readonly maxLatency?: Duration;
  /** How long one request may take; no answer in time is a breach. @defaultValue '5s' */
  readonly timeout?: Duration;
}

/**
 * A number in a Kubernetes object compared with a threshold. A missing field counts as 0, since Kubernetes
 * leaves zero counters out; a missing object is a breach.
 */
export type KubernetesGuardOptions = GuardOptions &
  Threshold & {
    readonly object: {
      /** @defaultValue 'apps/v1' */
      readonly apiVersion?: string;
      readonly kind: string;
      readonly namespace: string;
      readonly name: string;
    };
    /** Field names joined by dots, e.g. `status.availableReplicas`. */
    readonly field: string;
    /** When the API server cannot answer: stop the run (`abort`) or carry on (`continue`). @defaultValue 'abort' */
    readonly whenUnavailable?: WhenUnavailable;
  };

/**
 * Abort conditions for `abortWhen`: chaosflow's guardian (`chaosflow serve`) evaluates them while the run
 * injects chaos and stops the run, reverting the chaos, when one holds.
 * @example guard.prometheus({ name: 'checkout-errors', endpoint: 'http://prometheus.monitoring:9090', query: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[1m]))', above: 5, for: '30s' })
 */
export const guard = {
  /** A Prometheus query against a threshold. */
  prometheus: (options: PrometheusGuardOptions): GuardStep => ({ type: 'prometheus', ...toModel(options) }),
  /** An HTTP check of status, body and latency. */
  http: (options: HttpGuardOptions): GuardStep => ({ type: 'http', ...toModel(options) }),
  /** A number in a Kubernetes object against a threshold, e.g. a Deployment's available replicas. */
  kubernetes: (options: KubernetesGuardOptions): GuardStep => ({ type: 'kubernetes', ...toModel(options) }),
} as const;
