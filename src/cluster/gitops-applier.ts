import { ApiException, type KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import { SYNC_MARKS, type SyncAction } from '../gitops/plan.js';
import type { AppliedAction, SyncTarget } from '../gitops/sync-target.js';
import { ARGO, ARGO_API_VERSION, type KubeObject, keyOf } from '../k8s/objects.js';
import type { ClusterClients } from './clients.js';
import { recordEvent } from './events.js';

/** A sync's target: the cluster `config` reaches, through its API server. */
export function kubeSyncTarget(clients: ClusterClients): SyncTarget {
  return {
    liveObjects: (sourceId, namespaces) => liveObjects(clients, sourceId, namespaces),
    applyPlan: (plan, options) => applyPlan(clients, plan, options),
  };
}

/** The field manager of everything a sync applies, so ownership of each field is clear in the cluster. */
const FIELD_MANAGER = 'chaosflow';

/** The Argo kinds a sync manages, by plural. */
const MANAGED = [
  { kind: 'WorkflowTemplate', plural: 'workflowtemplates' },
  { kind: 'CronWorkflow', plural: 'cronworkflows' },
] as const;

/** Attempts of one API call that the server answers with 429 or 503 (busy, or starting up). */
const ATTEMPTS = 5;

/**
 * Runs an API call, retrying while the API server says it is busy (429, 503) — as it does for a few seconds
 * after it starts — after the delay it asks for (Retry-After), else one second.
 */
async function retryingBusy<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const busy = error instanceof ApiException && (error.code === 429 || error.code === 503);
      if (!busy || attempt >= ATTEMPTS) throw error;
      const seconds = Number((error as ApiException<unknown>).headers['retry-after'] ?? 1) || 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 10) * 1000));
    }
  }
}

/**
 * Every object in the cluster that this source manages (labelled with its id), in `namespaces`, or in all
 * namespaces when that is empty.
 */
async function liveObjects(
  clients: ClusterClients,
  sourceId: string,
  namespaces: readonly string[] = [],
): Promise<KubeObject[]> {
  const { custom } = clients;
  const labelSelector = `${SYNC_MARKS.source}=${sourceId}`;
  const argo = { ...ARGO, labelSelector } as const;
  const list = (plural: string, namespace: string | undefined) =>
    retryingBusy(() =>
      namespace === undefined
        ? custom.listClusterCustomObject({ ...argo, plural })
        : custom.listNamespacedCustomObject({ ...argo, plural, namespace }),
    );
  const scopes = namespaces.length === 0 ? [undefined] : namespaces;
  const lists = await Promise.all(
    MANAGED.flatMap(({ kind, plural }) =>
      scopes.map(async (namespace) => {
        const found = (await list(plural, namespace)) as { items: KubeObject[] };
        return found.items.map((item) => ({ ...item, apiVersion: ARGO_API_VERSION, kind }));
      }),
    ),
  );
  return lists.flat();
}

/**
 * Carries out a plan: server-side apply (field manager `chaosflow`, taking over fields others changed) for
 * creates, updates and drift, deletes for prunes, and an Event on every object whose drift was reverted.
 * With `dryRun`, the API server validates every apply and delete but persists nothing.
 */
async function applyPlan(
  clients: ClusterClients,
  plan: readonly SyncAction[],
  options: { readonly dryRun: boolean },
): Promise<AppliedAction[]> {
  const done: AppliedAction[] = [];
  for (const step of plan) {
    await carryOut(clients, step, options.dryRun);
    done.push(reportOf(step));
  }
  return done;
}

async function carryOut(clients: ClusterClients, step: SyncAction, dryRun: boolean): Promise<void> {
  const { objects } = clients;
  const object = step.object as KubernetesObject;
  const dryRunFlag = dryRun ? 'All' : undefined;
  switch (step.action) {
    case 'create':
    case 'update':
    case 'revert-drift':
      await retryingBusy(() =>
        objects.patch(
          withoutServerFields(object),
          undefined,
          dryRunFlag,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
      if (step.action === 'revert-drift' && !dryRun) await recordDrift(clients, step.object);
      return;
    case 'prune':
      // Gone already (another replica's sync on request pruned it first) is what a prune wants.
      await retryingBusy(() => objects.delete(object, undefined, dryRunFlag)).catch((error: unknown) => {
        if (!(error instanceof ApiException && error.code === 404)) throw error;
      });
      return;
    default:
      return;
  }
}

function reportOf(step: SyncAction): AppliedAction {
  return {
    action: step.action,
    key: keyOf(step.object),
    ...(step.file === undefined ? {} : { file: step.file }),
    ...(step.action === 'keep' ? { reason: step.reason } : {}),
  };
}

/** An apply body carries only what we own: not the server's bookkeeping. */
function withoutServerFields(object: KubernetesObject): KubernetesObject {
  const { resourceVersion, uid, creationTimestamp, managedFields, generation, ...metadata } =
    object.metadata ?? {};
  const { status, ...rest } = object as KubernetesObject & { status?: unknown };
  return { ...rest, metadata };
}

async function recordDrift(clients: ClusterClients, object: KubeObject): Promise<void> {
  const namespace = object.metadata.namespace ?? 'default';
  const name = object.metadata.name ?? '';
  const annotations = object.metadata.annotations;
  await recordEvent(
    clients.core,
    { apiVersion: object.apiVersion, kind: object.kind, name, namespace },
    {
      type: 'Warning',
      reason: 'DriftReverted',
      message: `edited in the cluster; reverted to ${annotations?.[SYNC_MARKS.file]} at commit ${annotations?.[SYNC_MARKS.commit]}`,
      component: 'chaosflow-sync',
    },
  );
}
