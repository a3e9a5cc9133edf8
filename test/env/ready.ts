import { setTimeout as sleep } from 'node:timers/promises';
import type { PodProcess, ProcessEnd } from './pods/pod-process.js';

/**
 * Polls `readyUrl` until it answers 200, for at most `timeoutMs`: undefined then, else what went wrong (the
 * process exited, or it never answered).
 */
export async function whyNotReady(
  readyUrl: string,
  server: PodProcess,
  timeoutMs: number,
): Promise<string | undefined> {
  let exited: ProcessEnd | undefined;
  void server.ended.then((end) => (exited = end));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) return `it exited with code ${exited.code}`;
    if (await answersReady(readyUrl)) return undefined;
    await sleep(200);
  }
  return `${readyUrl} did not answer 200 within ${timeoutMs / 1000} s`;
}

async function answersReady(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
