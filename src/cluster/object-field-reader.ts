import { ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { compareToThreshold, type Reading } from '../guardian/reading.js';
import type { GuardOfType } from '../model/guard.js';
import { apiMessage } from './api-errors.js';
import type { ClusterClients } from './clients.js';

type KubernetesGuard = GuardOfType<'kubernetes'>;

/**
 * Reads the number at the condition's field of its object and compares it with the threshold. A missing field
 * counts as 0 (Kubernetes leaves zero counters such as `availableReplicas` out); a missing object is a breach;
 * any other failure, or a field that is not a number, is `unavailable`.
 */
export function objectFieldReader(clients: ClusterClients): (guard: KubernetesGuard) => Promise<Reading> {
  return async (guard) => {
    const { kind, namespace, name } = guard.object;
    const what = `${kind} ${namespace}/${name}`;
    const object = await readObject(clients, guard.object, what);
    if ('state' in object) return object;
    const value = fieldAt(object, guard.field) ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value))
      return {
        state: 'unavailable',
        detail: `${guard.field} of ${what} is ${JSON.stringify(value)}, not a number`,
      };
    const compared = compareToThreshold(value, guard);
    return { ...compared, detail: `${guard.field} of ${what}: ${compared.detail}` };
  };
}

/** The object, or the reading its absence (a breach) or an error (unavailable) gives. */
async function readObject(
  clients: ClusterClients,
  { apiVersion, kind, namespace, name }: KubernetesGuard['object'],
  what: string,
): Promise<KubernetesObject | Reading> {
  try {
    return await clients.objects.read({ apiVersion, kind, metadata: { name, namespace } });
  } catch (error) {
    if (error instanceof ApiException && error.code === 404)
      return { state: 'breached', detail: `${what} does not exist` };
    const why = error instanceof ApiException ? apiMessage(error) : String(error);
    return { state: 'unavailable', detail: `cannot read ${what}: ${why}` };
  }
}

function fieldAt(object: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
      object,
    );
}
