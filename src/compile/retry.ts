import type { RetryStrategy } from '../k8s/objects.js';
import type { Retries } from '../model/run-controls.js';

/** Argo's retry strategy for the experiment's retries; `limit` and `factor` as strings (IntOrString). */
export function retryStrategy(retries: Retries | undefined): RetryStrategy | undefined {
  if (retries === undefined) return undefined;
  const backoff = retries.backoff;
  return {
    limit: String(retries.limit),
    retryPolicy: retries.policy,
    ...(backoff === undefined
      ? {}
      : {
          backoff: {
            duration: backoff.duration,
            ...(backoff.factor === undefined ? {} : { factor: String(backoff.factor) }),
            ...(backoff.maxDuration === undefined ? {} : { maxDuration: backoff.maxDuration }),
          },
        }),
  };
}
