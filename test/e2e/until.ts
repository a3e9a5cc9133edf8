/**
 * Polls `probe` every half second until it gives a value; an error (such as a 429 from a restarting API
 * server) means not yet. Rejects after `timeoutMs` with what it waited for and the last error.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const value = await probe().catch((error: unknown) => {
      lastError = error;
      return undefined;
    });
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `timed out waiting for ${what}${lastError === undefined ? '' : `; last error: ${String(lastError)}`}`,
  );
}
