import type { KubernetesObject } from '@kubernetes/client-node';
import { MANAGED_BY_SELECTOR } from '../compile/labels.js';
import { templateNames } from '../compile/names.js';
import type { RunView } from '../guardian/run.js';
import { ARGO } from '../k8s/objects.js';
import { GUARD_ANNOTATIONS } from '../model/guarded-run.js';
import type { ClusterClients } from './clients.js';
import { listWatch, pagedList, ResyncedInformer } from './informer.js';
import { InformerSet } from './informer-set.js';
import { resourceScope } from './resource-scope.js';

/** What a run watch delivers. */
export interface RunWatchHandlers {
  changed(run: RunView): void;
  deleted(uid: string): void;
  /** Every run in scope after a fresh list: runs missing from it are gone, whatever the watch missed. */
  listed(runs: readonly RunView[]): void;
  restarting(resource: string, error: unknown, delayMs: number): void;
}

/**
 * List+watch informers of chaosflow's runs (Workflows labelled as managed by chaosflow), cluster-wide or in the
 * given namespaces, recovering and resynced like every watch of the service; each run is kept as the few
 * fields the guardian reads.
 */
export function watchRuns(
  clients: ClusterClients,
  namespaces: readonly string[],
  handlers: RunWatchHandlers,
  resyncMs: number,
): InformerSet {
  const scopes = namespaces.length === 0 ? [undefined] : namespaces;
  return new InformerSet(
    scopes.map((namespace) => informerOf(clients, namespace, handlers)),
    resyncMs,
  );
}

function informerOf(
  clients: ClusterClients,
  namespace: string | undefined,
  handlers: RunWatchHandlers,
): ResyncedInformer<KubernetesObject> {
  const resource = { ...ARGO, plural: 'workflows', labelSelector: MANAGED_BY_SELECTOR };
  const scope = resourceScope(clients, resource, namespace);
  const make = () =>
    listWatch(clients.config, scope.path, scope.listPage, {
      labelSelector: MANAGED_BY_SELECTOR,
      view: runObjectView,
    });
  return new ResyncedInformer(make, {
    upserted: (object) => handlers.changed(asRun(object)),
    deleted: (object) => handlers.deleted(object.metadata?.uid ?? ''),
    listed: (objects) => handlers.listed(objects.map(asRun)),
    restarting: (error, delayMs) => handlers.restarting(scope.name, error, delayMs),
  });
}

interface WorkflowFields extends KubernetesObject {
  readonly spec?: { readonly shutdown?: string };
  readonly status?: {
    readonly phase?: string;
    readonly nodes?: Readonly<Record<string, ApprovalNode>>;
  };
}

/** What the guardian reads of a node: whether it is the approval step, and when it ended. */
interface ApprovalNode {
  readonly templateName?: string;
  readonly finishedAt?: string;
}

const isApproval = (node: ApprovalNode) => node.templateName === templateNames.approval;

const KEPT_ANNOTATIONS: readonly string[] = [
  GUARD_ANNOTATIONS.conditions,
  GUARD_ANNOTATIONS.answer,
  GUARD_ANNOTATIONS.approval,
];
/** The metadata that identifies and versions a run (the informer's cache is keyed and versioned by it). */
const IDENTITY = ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp'] as const;

/**
 * What the informer keeps of a Workflow: its identity, experiment, guard annotations, shutdown, phase and, of its
 * nodes, only its approval step once that has ended.
 */
function runObjectView(object: WorkflowFields): WorkflowFields {
  const { labels, annotations, ...metadata } = object.metadata ?? {};
  const identity = Object.fromEntries(
    IDENTITY.flatMap((key) => (metadata[key] === undefined ? [] : [[key, metadata[key]]])),
  );
  const kept = Object.entries(annotations ?? {}).filter(([key]) => KEPT_ANNOTATIONS.includes(key));
  return {
    metadata: {
      ...identity,
      labels: { workflow_id: labels?.workflow_id ?? '' },
      annotations: Object.fromEntries(kept),
    },
    spec: object.spec?.shutdown === undefined ? {} : { shutdown: object.spec.shutdown },
    status: {
      ...(object.status?.phase === undefined ? {} : { phase: object.status.phase }),
      ...approvalNode(object),
    },
  };
}

/** The run's approval step once it has ended, as the only node kept. */
function approvalNode(object: WorkflowFields): Pick<NonNullable<WorkflowFields['status']>, 'nodes'> {
  const ended = Object.entries(object.status?.nodes ?? {}).find(
    ([, node]) => isApproval(node) && node.finishedAt,
  );
  if (ended === undefined) return {};
  const [id, node] = ended;
  return { nodes: { [id]: { templateName: templateNames.approval, finishedAt: node.finishedAt as string } } };
}

function createdOf(object: WorkflowFields): number | undefined {
  const created = object.metadata?.creationTimestamp;
  return created === undefined ? undefined : new Date(created).getTime();
}

/** Whether the run waits for an approval and has not had it, or when it had it. */
function approvalOf(object: WorkflowFields): Pick<RunView, 'awaitingApproval' | 'approvedAt'> {
  if (object.metadata?.annotations?.[GUARD_ANNOTATIONS.approval] === undefined) return {};
  const approved = Object.values(object.status?.nodes ?? {}).find(isApproval)?.finishedAt;
  return approved === undefined ? { awaitingApproval: true } : { approvedAt: new Date(approved).getTime() };
}

/** Every chaosflow run in the namespaces (all when empty), as the guardian sees runs. */
export async function listRuns(clients: ClusterClients, namespaces: readonly string[]): Promise<RunView[]> {
  const scopes = namespaces.length === 0 ? [undefined] : namespaces;
  const resource = { ...ARGO, plural: 'workflows', labelSelector: MANAGED_BY_SELECTOR };
  const lists = await Promise.all(
    scopes.map((namespace) => pagedList(resourceScope(clients, resource, namespace).listPage, runObjectView)),
  );
  return lists.flatMap((list) => list.items.map(asRun));
}

function asRun(object: WorkflowFields): RunView {
  const metadata = object.metadata ?? {};
  const annotations = metadata.annotations ?? {};
  const conditions = annotations[GUARD_ANNOTATIONS.conditions];
  const answer = annotations[GUARD_ANNOTATIONS.answer];
  const created = createdOf(object);
  return {
    namespace: metadata.namespace ?? '',
    name: metadata.name ?? '',
    uid: metadata.uid ?? '',
    experiment: metadata.labels?.workflow_id ?? '',
    ...(object.status?.phase === undefined ? {} : { phase: object.status.phase }),
    ...(object.spec?.shutdown === undefined ? {} : { shutdown: object.spec.shutdown }),
    ...(conditions === undefined ? {} : { conditions }),
    ...(answer === undefined ? {} : { answer }),
    ...(created === undefined ? {} : { created }),
    ...approvalOf(object),
  };
}
