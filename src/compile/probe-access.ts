import type { PolicyRule } from '../k8s/objects.js';
import type { FaultUse } from '../model/fault-use.js';
import type { Probe } from '../model/probe.js';

type K8sProbe = Extract<Probe, { type: 'k8sProbe' }>;

/** What litmus-go's k8sProbe calls for each operation: it lists to check presence, and lists what it deletes. */
const PROBE_VERBS: Readonly<Record<K8sProbe['inputs']['operation'], readonly string[]>> = {
  present: ['get', 'list'],
  absent: ['get', 'list'],
  create: ['create'],
  delete: ['delete', 'list'],
};

/**
 * What the chaos account needs for the Kubernetes probes of `uses`, which run as that account: the probes'
 * resources with their operations' verbs, and the namespaces they look in (none for a probe of cluster-scoped
 * or all namespaces' objects, which only a ClusterRole can grant).
 */
export function probeAccess(uses: readonly FaultUse[]): {
  rules: PolicyRule[];
  namespaces: string[];
  anyNamespace: boolean;
} {
  const probes = uses
    .flatMap((use) => use.probes)
    .filter((probe): probe is K8sProbe => probe.type === 'k8sProbe');
  return {
    rules: probes.map(({ inputs }) => ({
      apiGroups: [inputs.group ?? ''],
      resources: [inputs.resource],
      verbs: [...PROBE_VERBS[inputs.operation]],
    })),
    namespaces: probes.flatMap(({ inputs }) => (inputs.namespace === undefined ? [] : [inputs.namespace])),
    anyNamespace: probes.some(({ inputs }) => inputs.namespace === undefined),
  };
}
