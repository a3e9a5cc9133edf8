import { parseDuration } from '../../model/duration.js';
import type { GuardOfType } from '../../model/guard.js';
import { failureText, type Reading } from '../reading.js';

type HttpGuard = GuardOfType<'http'>;

/**
 * GETs the condition's URL and judges the answer: its status (the expected ones, else any 2xx or 3xx), its body
 * when the condition names text it must contain, and how long it took. No answer within the timeout is a
 * breach, since an HTTP check watches exactly that.
 */
export async function readHttp(guard: HttpGuard, signal: AbortSignal): Promise<Reading> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(parseDuration(guard.timeout) ?? 5000);
  let status: number;
  let body: string;
  try {
    const response = await fetch(guard.url, { signal: AbortSignal.any([signal, timeout]) });
    status = response.status;
    body = await response.text();
  } catch (error) {
    if (signal.aborted) return { state: 'unavailable', detail: 'the evaluation was cancelled' };
    const why = timeout.aborted ? `no answer within ${guard.timeout}` : `no answer: ${failureText(error)}`;
    return { state: 'breached', detail: why };
  }
  const answer = { status, body, tookMs: Math.round(performance.now() - started) };
  const problems = problemsWith(guard, answer);
  return problems.length > 0
    ? { state: 'breached', detail: problems.join('; ') }
    : { state: 'clear', detail: `answered ${status} in ${answer.tookMs}ms` };
}

/** What is wrong with an answer: its status, its body, its latency. */
function problemsWith(guard: HttpGuard, answer: { status: number; body: string; tookMs: number }): string[] {
  const { status, body, tookMs } = answer;
  const slowerThan = guard.maxLatency === undefined ? undefined : parseDuration(guard.maxLatency);
  return [
    statusExpected(guard, status) ? undefined : `answered ${status}`,
    guard.bodyContains === undefined || body.includes(guard.bodyContains)
      ? undefined
      : `the answer lacks "${guard.bodyContains}"`,
    slowerThan === undefined || tookMs <= slowerThan
      ? undefined
      : `answered in ${tookMs}ms, more than ${guard.maxLatency}`,
  ].filter((problem) => problem !== undefined);
}

function statusExpected(guard: HttpGuard, status: number): boolean {
  return guard.expectStatus === undefined
    ? status >= 200 && status < 400
    : guard.expectStatus.includes(status);
}
