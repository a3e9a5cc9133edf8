import type { KubernetesObject } from '@kubernetes/client-node';
import { MANAGED_BY_SELECTOR } from '../compile/labels.js';
import { LITMUS } from '../k8s/objects.js';
import type { ClusterClients } from './clients.js';
import { pagedList } from './informer.js';
import { resourceScope } from './resource-scope.js';

/** One ChaosEngine of a chaosflow run whose chaos Litmus is running (or reverting) now. */
export interface ChaosInProgress {
  /** The experiment's id: the engine's label `context`. */
  readonly workflowId: string;
  /** The Litmus fault it runs, e.g. `pod-delete`. */
  readonly fault: string;
}

interface EngineFields extends KubernetesObject {
  readonly spec?: { readonly experiments?: readonly { readonly name?: string }[] };
  readonly status?: { readonly engineStatus?: string };
}

const ENGINES = { ...LITMUS, plural: 'chaosengines', labelSelector: MANAGED_BY_SELECTOR } as const;

/**
 * Lists chaosflow's ChaosEngines in `namespaces` (all when empty) and keeps those Litmus has started and not
 * finished: engine status `initialized`, which an engine keeps while it is deleted and its chaos reverted.
 */
export async function listChaosInProgress(
  clients: ClusterClients,
  namespaces: readonly string[],
): Promise<ChaosInProgress[]> {
  const scopes = namespaces.length === 0 ? [undefined] : namespaces;
  const lists = await Promise.all(
    scopes.map((namespace) =>
      pagedList(resourceScope(clients, ENGINES, namespace).listPage, (object) => object),
    ),
  );
  return lists
    .flatMap((list) => list.items as EngineFields[])
    .filter((engine) => engine.status?.engineStatus === 'initialized')
    .map((engine) => ({
      workflowId: engine.metadata?.labels?.context ?? '',
      fault: engine.spec?.experiments?.[0]?.name ?? '',
    }));
}
