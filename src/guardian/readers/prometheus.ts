import type { GuardOfType } from '../../model/guard.js';
import { compareToThreshold, failureText, type Reading } from '../reading.js';

type PrometheusGuard = GuardOfType<'prometheus'>;

/** A sample of an instant query's result: its series labels and value. */
interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Runs the condition's query against Prometheus's HTTP API (`/api/v1/query`, an instant query) and compares
 * the sample that is furthest past the threshold. An empty result is `clear`, as in Prometheus's own alerting
 * rules; an error, or a result that is not a vector or a scalar, is `unavailable`.
 */
export async function readPrometheus(guard: PrometheusGuard, signal: AbortSignal): Promise<Reading> {
  const url = new URL(`${guard.endpoint.replace(/\/+$/, '')}/api/v1/query`);
  url.searchParams.set('query', guard.query);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    return {
      state: 'unavailable',
      detail: `Prometheus at ${guard.endpoint} did not answer: ${failureText(error)}`,
    };
  }
  const body = (await response.json().catch(() => undefined)) as QueryResponse | undefined;
  if (!response.ok || body?.status !== 'success') {
    const why = body?.error ?? `HTTP ${response.status}`;
    return { state: 'unavailable', detail: `Prometheus at ${guard.endpoint} refused the query: ${why}` };
  }
  const samples = samplesOf(body.data);
  if (typeof samples === 'string') return { state: 'unavailable', detail: samples };
  const worst = furthest(samples, guard);
  if (worst === undefined) return { state: 'clear', detail: 'the query returned no samples' };
  const compared = compareToThreshold(worst.value, guard);
  return { ...compared, detail: `${describeSeries(worst.labels)}${compared.detail}` };
}

interface QueryResponse {
  readonly status?: string;
  readonly error?: string;
  readonly data?: { readonly resultType?: string; readonly result?: unknown };
}

/** The numeric samples of an instant query's result, or why there are none to compare. */
function samplesOf(data: QueryResponse['data']): Sample[] | string {
  switch (data?.resultType) {
    case 'vector':
      return (data.result as { metric: Record<string, string>; value: [number, string] }[])
        .map((entry) => ({ labels: entry.metric, value: Number(entry.value[1]) }))
        .filter((sample) => !Number.isNaN(sample.value));
    case 'scalar': {
      const value = Number((data.result as [number, string])[1]);
      return Number.isNaN(value) ? [] : [{ labels: {}, value }];
    }
    default:
      return `the query gives a ${data?.resultType ?? 'missing'} result; an abort condition needs a vector or a scalar`;
  }
}

/** The sample furthest in the direction of the threshold: the largest for `above`, the smallest for `below`. */
function furthest(samples: readonly Sample[], guard: PrometheusGuard): Sample | undefined {
  const sign = guard.above === undefined ? -1 : 1;
  return samples.reduce<Sample | undefined>(
    (worst, sample) => (worst === undefined || sign * sample.value > sign * worst.value ? sample : worst),
    undefined,
  );
}

function describeSeries(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(', ')}} `;
}
