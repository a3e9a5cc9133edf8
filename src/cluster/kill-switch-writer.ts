import { type KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import { KILL_SWITCH_KEYS } from '../model/kill-switch.js';
import type { ClusterClients } from './clients.js';

/** The field manager of the emergency stop's keys: server-side apply leaves every other key alone. */
const FIELD_MANAGER = 'chaosflow-emergency-stop';

/**
 * Turns the emergency stop on (with why) or off in the kill-switch ConfigMap, creating the ConfigMap if needed.
 * Server-side apply owns only `stop` and `stopReason`: `paused`, and whatever else people keep there, is left
 * as it is; turning it off drops the reason.
 */
export async function writeEmergencyStop(
  clients: ClusterClients,
  where: { readonly namespace: string; readonly name: string },
  stop: { readonly reason: string } | undefined,
): Promise<void> {
  const data =
    stop === undefined
      ? { [KILL_SWITCH_KEYS.stop]: 'false' }
      : { [KILL_SWITCH_KEYS.stop]: 'true', [KILL_SWITCH_KEYS.stopReason]: stop.reason };
  const configMap: KubernetesObject & { data: Record<string, string> } = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: where.name, namespace: where.namespace },
    data,
  };
  await clients.objects.patch(
    configMap,
    undefined,
    undefined,
    FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}
