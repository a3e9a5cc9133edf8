import { ApiException, AuthorizationV1Api, type V1Pod } from '@kubernetes/client-node';
import type { HubFault } from '../hub/hub.js';
import { LITMUS } from '../k8s/objects.js';
import { WORKLOAD_KINDS, type WorkloadKind } from '../model/workload-kinds.js';
import { type LabelSelector, selects } from '../plan/label-selector.js';
import type { FaultEnv, FaultFacts, PlanTarget } from '../plan/plan.js';
import { isNodeFault } from '../plan/plan.js';
import type { ClusterClients } from './clients.js';

/** Who runs a fault's chaos, and where. */
export interface ChaosAccount {
  readonly namespace: string;
  readonly serviceAccount: string;
}

interface Workload {
  metadata?: { name?: string };
  spec?: { selector?: LabelSelector; template?: { metadata?: { labels?: Record<string, string> } } };
}

/** Resources that have no namespace, as SubjectAccessReviews must ask for them. */
const CLUSTER_SCOPED = new Set([
  'nodes',
  'namespaces',
  'persistentvolumes',
  'clusterroles',
  'clusterrolebindings',
]);

/**
 * Reads, without changing anything, what a fault step would meet in the cluster now: the workloads and pods of
 * its target, the PodDisruptionBudgets over them, the nodes of a node fault, its ChaosExperiment, whether the
 * chaos service account may do what the fault needs (SubjectAccessReview), and the chaos namespace's Pod
 * Security level.
 */
export async function readFaultFacts(
  clients: ClusterClients,
  fault: HubFault,
  env: FaultEnv,
  target: PlanTarget | string,
  account: ChaosAccount,
): Promise<FaultFacts> {
  const [shared, onTarget] = await Promise.all([
    Promise.all([
      installedExperiment(clients, account.namespace, fault.name),
      accessOf(clients, fault, account, typeof target === 'string' ? undefined : target.namespace),
      podSecurityOf(clients, account.namespace),
      isNodeFault(fault) ? nodesOf(clients, env) : Promise.resolve(undefined),
    ]),
    typeof target === 'string' ? Promise.resolve(undefined) : targetFacts(clients, target),
  ]);
  const [installed, access, podSecurity, nodes] = shared;
  return {
    ...(typeof target === 'string' ? { targetUnknown: target } : { target }),
    workloads: onTarget?.workloads ?? [],
    pods: onTarget?.pods ?? [],
    budgets: onTarget?.budgets ?? [],
    ...(nodes === undefined ? {} : { nodes: nodes.found, missingNodes: nodes.missing }),
    ...(installed === undefined ? {} : { installed }),
    access,
    ...(podSecurity === undefined ? {} : { podSecurity }),
  };
}

async function targetFacts(clients: ClusterClients, target: PlanTarget) {
  const kind = WORKLOAD_KINDS[target.kind as WorkloadKind];
  const listed = (await clients.custom.listNamespacedCustomObject({
    group: kind.group,
    version: kind.version,
    namespace: target.namespace,
    plural: kind.resource,
  })) as { items: Workload[] };
  const [key = '', value = ''] = (target.label ?? '').split('=');
  const workloads = listed.items.filter((workload) =>
    target.label === undefined
      ? (target.names ?? []).includes(workload.metadata?.name ?? '')
      : workload.spec?.template?.metadata?.labels?.[key] === value,
  );
  // As litmus-go chooses: pods by the label in the namespace, or the pods of the named workloads.
  // The API server narrows a label target's pods; a named workload's selector is matched here.
  const podList = await clients.core.listNamespacedPod({
    namespace: target.namespace,
    ...(target.label === undefined ? {} : { labelSelector: target.label }),
  });
  const allPods = podList.items;
  const pods = allPods
    .filter((pod) => pod.metadata?.deletionTimestamp === undefined)
    .filter((pod) =>
      target.label === undefined
        ? workloads.some((workload) => selects(workload.spec?.selector, pod.metadata?.labels ?? {}))
        : pod.metadata?.labels?.[key] === value,
    )
    .map(podFacts);
  const budgets = (
    (await clients.custom.listNamespacedCustomObject({
      group: 'policy',
      version: 'v1',
      namespace: target.namespace,
      plural: 'poddisruptionbudgets',
    })) as {
      items: {
        metadata?: { name?: string };
        spec?: { selector?: LabelSelector };
        status?: { disruptionsAllowed?: number };
      }[];
    }
  ).items
    .map((budget) => ({
      name: budget.metadata?.name ?? '',
      disruptionsAllowed: budget.status?.disruptionsAllowed ?? 0,
      selects: pods.filter((pod) => selects(budget.spec?.selector ?? {}, pod.labels)).length,
    }))
    .filter((budget) => budget.selects > 0);
  return { workloads: workloads.map((workload) => workload.metadata?.name ?? ''), pods, budgets };
}

function podFacts(pod: V1Pod) {
  const node = pod.spec?.nodeName;
  return {
    name: pod.metadata?.name ?? '',
    labels: pod.metadata?.labels ?? {},
    ...(node === undefined ? {} : { node }),
  };
}

async function nodesOf(clients: ClusterClients, env: FaultEnv) {
  const named = (env.TARGET_NODES ?? env.TARGET_NODE ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (named.length > 0) {
    const all = new Set((await clients.core.listNode()).items.map((node) => node.metadata?.name ?? ''));
    return { found: named.filter((name) => all.has(name)), missing: named.filter((name) => !all.has(name)) };
  }
  const label = env.NODE_LABEL?.trim();
  const nodes = await clients.core.listNode(label ? { labelSelector: label } : {});
  return { found: nodes.items.map((node) => node.metadata?.name ?? ''), missing: [] };
}

async function installedExperiment(clients: ClusterClients, namespace: string, name: string) {
  try {
    const experiment = (await clients.custom.getNamespacedCustomObject({
      ...LITMUS,
      namespace,
      plural: 'chaosexperiments',
      name,
    })) as { metadata?: { labels?: Record<string, string> } };
    return { version: experiment.metadata?.labels?.['app.kubernetes.io/version'] ?? 'unknown' };
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}

/**
 * Asks the API server, one SubjectAccessReview per verb and resource, whether the chaos service account may do
 * each thing the fault needs, where `chaosflow build --rbac` grants it: in the chaos namespace and the target's,
 * or cluster-wide for cluster-scoped resources.
 */
async function accessOf(
  clients: ClusterClients,
  fault: HubFault,
  account: ChaosAccount,
  targetNamespace?: string,
) {
  const authorization = clients.config.makeApiClient(AuthorizationV1Api);
  const user = `system:serviceaccount:${account.namespace}:${account.serviceAccount}`;
  const namespaces = [
    ...new Set([account.namespace, ...(targetNamespace === undefined ? [] : [targetNamespace])]),
  ];
  const questions = fault.permissions.flatMap((rule) =>
    rule.apiGroups.flatMap((group) =>
      rule.resources.flatMap((resource) =>
        rule.verbs.flatMap((verb) =>
          (CLUSTER_SCOPED.has(resource) ? [undefined] : namespaces).map((namespace) => ({
            group,
            resource,
            verb,
            namespace,
          })),
        ),
      ),
    ),
  );
  return Promise.all(
    questions.map(async ({ group, resource, verb, namespace }) => {
      const [name = resource, subresource] = resource.split('/');
      const review = await authorization.createSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user,
            groups: [
              'system:serviceaccounts',
              `system:serviceaccounts:${account.namespace}`,
              'system:authenticated',
            ],
            resourceAttributes: {
              group,
              resource: name,
              verb,
              ...(subresource === undefined ? {} : { subresource }),
              ...(namespace === undefined ? {} : { namespace }),
            },
          },
        },
      });
      const what = `${verb} ${resource}${group === '' ? '' : `.${group}`}${namespace === undefined ? '' : ` in ${namespace}`}`;
      return { what, allowed: review.status?.allowed === true };
    }),
  );
}

async function podSecurityOf(clients: ClusterClients, namespace: string): Promise<string | undefined> {
  try {
    const found = await clients.core.readNamespace({ name: namespace });
    return found.metadata?.labels?.['pod-security.kubernetes.io/enforce'];
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}
