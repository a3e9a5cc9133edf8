import { ApiException } from '@kubernetes/client-node';
import { UserError } from '../errors.js';

/** Network failures that mean the API server cannot be reached, as Node reports them. */
const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|certificate|self[- ]signed|SSL|TLS/i;

/**
 * The user error a failed call to the API server at `server` means, or undefined when it is none of those: an
 * unreachable server, refused credentials, or missing permissions each say what happened and what to check.
 */
export function clusterUserError(error: unknown, server: string): UserError | undefined {
  if (error instanceof ApiException) {
    const detail = apiMessage(error);
    if (error.code === 401)
      return new UserError(
        `the Kubernetes API server at ${server} refused the credentials: ${detail}\n  → check the user of the current context in KUBECONFIG (an expired token or certificate?)`,
        { cause: error },
      );
    if (error.code === 403)
      return new UserError(
        `the Kubernetes API server at ${server} forbids it: ${detail}\n  → grant the missing permission to the user or service account chaosflow runs as`,
        { cause: error },
      );
    return undefined;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!UNREACHABLE.test(message)) return undefined;
  return new UserError(
    `cannot reach the Kubernetes API server at ${server}: ${message.replace(/^request to \S+ failed, reason: /, '')}\n  → check KUBECONFIG (or the pod's service account), and that the API server is up and reachable from here`,
    { cause: error },
  );
}

/** The API server's own message from an error response body, else the status code. */
export function apiMessage(error: ApiException<unknown>): string {
  const body = error.body;
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `HTTP ${error.code}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
