import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { mergeRules } from '../../src/compile/rbac.js';
import { faults, probe, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { hub } from '../helpers.js';
import { sample } from './fixtures.js';

const rbacOf = (experiment: unknown) =>
  compileExperiment(experiment, { hub: hub(), rbac: true }).objects.slice(1);
const summary = (objects: readonly KubeObject[]) =>
  objects.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`);

describe('RBAC for the workflow service account', () => {
  it('grants exactly the verbs the templates use, in the chaos namespace, plus task results', () => {
    const [account, role, binding] = rbacOf(sample());
    expect(account).toMatchObject({
      kind: 'ServiceAccount',
      metadata: { name: 'argo-chaos', namespace: 'litmus' },
    });
    expect(role?.rules).toEqual([
      {
        apiGroups: ['litmuschaos.io'],
        resources: ['chaosengines'],
        verbs: ['create', 'delete', 'get', 'list', 'watch'],
      },
      { apiGroups: ['litmuschaos.io'], resources: ['chaosexperiments'], verbs: ['create', 'get', 'patch'] },
      { apiGroups: ['litmuschaos.io'], resources: ['chaosresults'], verbs: ['get'] },
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
    ]);
    expect(binding).toMatchObject({
      kind: 'RoleBinding',
      roleRef: { kind: 'Role', name: 'sample-workflow' },
      subjects: [{ kind: 'ServiceAccount', name: 'argo-chaos', namespace: 'litmus' }],
    });
  });

  it('splits the grants when the workflow runs outside the chaos namespace', () => {
    const objects = rbacOf(sample({ namespace: 'argo' }));
    expect(summary(objects.slice(0, 5))).toEqual([
      'ServiceAccount/argo/argo-chaos',
      'Role/argo/sample-workflow',
      'RoleBinding/argo/sample-workflow',
      'Role/litmus/sample-workflow',
      'RoleBinding/litmus/sample-workflow',
    ]);
    expect(objects[1]?.rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
    ]);
    expect(objects[4]?.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'argo-chaos',
        namespace: 'argo',
      },
    ]);
  });

  it('never lets the workflow touch workloads, secrets or anything but its own chaos objects', () => {
    const rules = rbacOf(sample()).flatMap((object) =>
      object.metadata.name === 'sample-workflow' ? ((object.rules as { resources: string[] }[]) ?? []) : [],
    );
    expect(rules.flatMap((rule) => rule.resources).sort()).toEqual([
      'chaosengines',
      'chaosexperiments',
      'chaosresults',
      'workflowtaskresults',
    ]);
  });
});

describe('RBAC for the chaos service account', () => {
  it('grants the union of the used faults permissions in the chaos and target namespaces', () => {
    const objects = rbacOf(
      sample({
        faults: [
          faults.podDelete(),
          faults.podNetworkLatency({ target: target.deployment({ namespace: 'db', labels: { app: 'pg' } }) }),
        ],
      }),
    );
    expect(summary(objects.slice(3))).toEqual([
      'ServiceAccount/litmus/litmus-admin',
      'Role/app/sample-chaos',
      'RoleBinding/app/sample-chaos',
      'Role/db/sample-chaos',
      'RoleBinding/db/sample-chaos',
      'Role/litmus/sample-chaos',
      'RoleBinding/litmus/sample-chaos',
    ]);
    const podVerbs = (
      (objects[4]?.rules ?? []) as { apiGroups: string[]; resources: string[]; verbs: string[] }[]
    ).find((rule) => rule.apiGroups[0] === '' && rule.resources.includes('pods'));
    expect(podVerbs?.verbs).toEqual([
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
    ]);
  });

  it('becomes a ClusterRole when the target namespace is only known at run time', () => {
    const objects = rbacOf(sample({ target: target.fromParameters(), faults: [faults.podDelete()] }));
    expect(summary(objects.slice(3))).toEqual([
      'ServiceAccount/litmus/litmus-admin',
      'ClusterRole/-/sample-chaos',
      'ClusterRoleBinding/-/sample-chaos',
    ]);
  });

  it('lets Kubernetes probes read, create or delete what they check, in the namespace they look in', () => {
    const endpoints = probe.k8s({
      name: 'has-endpoints',
      mode: 'EOT',
      version: 'v1',
      resource: 'endpoints',
      namespace: 'frontend',
      fieldSelector: 'metadata.name=web',
      operation: 'present',
      runProperties: { probeTimeout: '5s', interval: '2s' },
    });
    const jobs = probe.k8s({
      name: 'canary-ingress-removed',
      mode: 'EOT',
      group: 'networking.k8s.io',
      version: 'v1',
      resource: 'ingresses',
      namespace: 'app',
      labelSelector: 'canary=true',
      operation: 'delete',
      runProperties: { probeTimeout: '5s', interval: '2s' },
    });
    const objects = rbacOf(sample({ faults: [faults.podDelete({ probes: [endpoints, jobs] })] }));
    expect(summary(objects.slice(3))).toEqual([
      'ServiceAccount/litmus/litmus-admin',
      'Role/app/sample-chaos',
      'RoleBinding/app/sample-chaos',
      'Role/frontend/sample-chaos',
      'RoleBinding/frontend/sample-chaos',
      'Role/litmus/sample-chaos',
      'RoleBinding/litmus/sample-chaos',
    ]);
    const rules = objects[4]?.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    expect(rules.find((rule) => rule.resources.includes('endpoints'))).toMatchObject({
      apiGroups: [''],
      verbs: ['get', 'list'],
    });
    expect(rules.find((rule) => rule.resources.includes('ingresses'))).toEqual({
      apiGroups: ['networking.k8s.io'],
      resources: ['ingresses'],
      verbs: ['delete', 'list'],
    });
    const anywhere = probe.k8s({
      name: 'nodes-ready',
      mode: 'SOT',
      version: 'v1',
      resource: 'nodes',
      operation: 'present',
      runProperties: { probeTimeout: '5s', interval: '2s' },
    });
    expect(summary(rbacOf(sample({ faults: [faults.podDelete({ probes: [anywhere] })] })).slice(4))).toEqual([
      'ClusterRole/-/sample-chaos',
      'ClusterRoleBinding/-/sample-chaos',
    ]);
  });

  it('merges rules canonically, whatever order the hub lists them in', () => {
    const merged = mergeRules([
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list', 'get'] },
      { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    ]);
    expect(merged).toEqual([
      { apiGroups: [''], resources: ['events'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['delete', 'get'] },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list'] },
    ]);
  });
});
