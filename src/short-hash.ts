import { createHash } from 'node:crypto';

/**
 * The first `length` hex digits of the SHA-256 of `text`: a stable short stand-in for anything too long or too
 * free-form for a Kubernetes name or label (a repository URL, a spec, a step name).
 */
export function shortHash(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
