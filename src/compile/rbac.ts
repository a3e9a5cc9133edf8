import type { Hub } from '../hub/hub.js';
import { type KubeObject, type PolicyRule, RBAC_API_VERSION, type Template } from '../k8s/objects.js';
import type { ExperimentSpec } from '../model/experiment.js';
import { faultUsesOf } from '../model/flow.js';
import { MANAGED_BY } from './labels.js';
import { OWN_RUN_MANIFEST } from './names.js';
import { probeAccess } from './probe-access.js';

/**
 * What the workflow's own pods do, by namespace. Each resource template runs kubectl as the workflow's
 * service account: `apply` gets, then creates or patches; `create` creates and gets (it polls the
 * conditions with get); `get` gets; the cleanup's `delete --selector` lists, deletes and watches until the
 * operator has removed the finalizer. argoexec reports outputs through WorkflowTaskResults. The gates (the
 * guardian's, the approval's timeout, a parameter outside its enum) read the run's own Workflow.
 */
function workflowRules(templates: readonly Template[]): { chaos: PolicyRule[]; workflow: PolicyRule[] } {
  const readsOwnRun = templates.some((template) => template.resource?.manifest === OWN_RUN_MANIFEST);
  return {
    chaos: [
      {
        apiGroups: ['litmuschaos.io'],
        resources: ['chaosengines'],
        verbs: ['create', 'delete', 'get', 'list', 'watch'],
      },
      { apiGroups: ['litmuschaos.io'], resources: ['chaosexperiments'], verbs: ['create', 'get', 'patch'] },
      { apiGroups: ['litmuschaos.io'], resources: ['chaosresults'], verbs: ['get'] },
    ],
    workflow: [
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
      ...(readsOwnRun ? [{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get'] }] : []),
    ],
  };
}

/**
 * Least-privilege RBAC for an experiment: the workflow's ServiceAccount with exactly the verbs its templates
 * use, and the chaos ServiceAccount with the union of its faults' permissions and what its Kubernetes probes
 * read, create or delete, granted in the chaos namespace, each target namespace and each probe's namespace. A
 * target taken from parameters, a cluster-scoped fault, or a probe of no one namespace can touch any
 * namespace, so the chaos rules become a ClusterRole then. `variants` are the experiment with its parameters at
 * their other enum values: a target namespace a run may be given is granted as the default's is.
 */
export function rbacObjects(
  spec: ExperimentSpec,
  hub: Hub,
  templates: readonly Template[],
  variants: readonly ExperimentSpec[] = [],
): KubeObject[] {
  return [...workflowAccess(spec, templates), ...chaosAccess(spec, hub, variants)];
}

function workflowAccess(spec: ExperimentSpec, templates: readonly Template[]): KubeObject[] {
  const rules = workflowRules(templates);
  const name = `${spec.name}-workflow`;
  const subject = { kind: 'ServiceAccount', name: spec.serviceAccount, namespace: spec.namespace };
  const grants =
    spec.namespace === spec.chaosNamespace
      ? [{ namespace: spec.namespace, rules: [...rules.chaos, ...rules.workflow] }]
      : [
          { namespace: spec.namespace, rules: rules.workflow },
          { namespace: spec.chaosNamespace, rules: rules.chaos },
        ];
  return [
    serviceAccount(spec.serviceAccount, spec.namespace),
    ...grants.flatMap((grant) => roleWithBinding(name, grant.namespace, grant.rules, subject)),
  ];
}

function chaosAccess(spec: ExperimentSpec, hub: Hub, variants: readonly ExperimentSpec[]): KubeObject[] {
  const uses = faultUsesOf(spec.faults);
  const faults = uses.flatMap((use) => hub.faults.get(use.fault) ?? []);
  const probes = probeAccess(uses);
  const rules = mergeRules([...faults.flatMap((fault) => fault.permissions), ...probes.rules]);
  const targets = [spec, ...variants].flatMap((each) =>
    faultUsesOf(each.faults).map((use) => use.target ?? each.target),
  );
  const subject = { kind: 'ServiceAccount', name: spec.chaosServiceAccount, namespace: spec.chaosNamespace };
  const name = `${spec.name}-chaos`;
  const account = serviceAccount(spec.chaosServiceAccount, spec.chaosNamespace);
  const anyNamespace =
    targets.some((target) => target?.type === 'parameters') ||
    faults.some((fault) => fault.scope === 'Cluster') ||
    probes.anyNamespace;
  if (anyNamespace) {
    return [
      account,
      {
        apiVersion: RBAC_API_VERSION,
        kind: 'ClusterRole',
        metadata: { name, labels: { ...MANAGED_BY } },
        rules,
      },
      {
        apiVersion: RBAC_API_VERSION,
        kind: 'ClusterRoleBinding',
        metadata: { name, labels: { ...MANAGED_BY } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [subject],
      },
    ];
  }
  const namespaces = new Set([
    spec.chaosNamespace,
    ...targets.flatMap((target) => (target?.type === 'workload' ? [target.namespace] : [])),
    ...probes.namespaces,
  ]);
  return [
    account,
    ...[...namespaces].sort().flatMap((namespace) => roleWithBinding(name, namespace, rules, subject)),
  ];
}

function serviceAccount(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels: { ...MANAGED_BY } },
  };
}

function roleWithBinding(
  name: string,
  namespace: string,
  rules: PolicyRule[],
  subject: Record<string, string>,
): KubeObject[] {
  const metadata = { name, namespace, labels: { ...MANAGED_BY } };
  return [
    { apiVersion: RBAC_API_VERSION, kind: 'Role', metadata, rules },
    {
      apiVersion: RBAC_API_VERSION,
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [subject],
    },
  ];
}

/**
 * The union of policy rules in a canonical form: one rule per (API group, verb set), resources and verbs
 * sorted, so the same faults always give the same rules, however their hub files list them.
 */
export function mergeRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const byGroupAndVerbs = new Map<string, PolicyRule>();
  for (const { group, resource, verbs } of grantsByResource(rules)) {
    const key = `${group}\u0000${verbs.join(',')}`;
    const rule = byGroupAndVerbs.get(key) ?? { apiGroups: [group], resources: [], verbs };
    rule.resources.push(resource);
    byGroupAndVerbs.set(key, rule);
  }
  return [...byGroupAndVerbs.values()];
}

/** Every (API group, resource) the rules name, with the sorted union of its verbs, sorted by group and resource. */
function grantsByResource(
  rules: readonly PolicyRule[],
): { group: string; resource: string; verbs: string[] }[] {
  const verbsOf = new Map<string, { group: string; resource: string; verbs: Set<string> }>();
  const pairs = rules.flatMap((rule) =>
    rule.apiGroups.flatMap((group) => rule.resources.map((resource) => ({ group, resource, rule }))),
  );
  for (const { group, resource, rule } of pairs) {
    const key = `${group}\u0000${resource}`;
    const entry = verbsOf.get(key) ?? { group, resource, verbs: new Set<string>() };
    for (const verb of rule.verbs) entry.verbs.add(verb);
    verbsOf.set(key, entry);
  }
  return [...verbsOf.keys()].sort().flatMap((key) => {
    const entry = verbsOf.get(key);
    return entry === undefined
      ? []
      : [{ group: entry.group, resource: entry.resource, verbs: [...entry.verbs].sort() }];
  });
}
