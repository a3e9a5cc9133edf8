import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { serviceAccountKubeconfig } from '../env/service-account-kubeconfig.js';
import { GitRepo } from '../gitops/git-repo.js';
import { spawnServe } from '../serve-process.js';
import { type Access, can } from './access-review.js';
import { helmBinary, helmTemplate, objectsOf } from './chart-render.js';
import { until } from './until.js';

// The chart as it installs: rendered by helm, applied to the real API server with RBAC authorization, and
// `chaosflow serve` run with the chart's arguments under the chart's ServiceAccount token.

const config = new KubeConfig();
const helm = helmBinary(inject('binDir'));
const run = Date.now().toString(36);
const system = `chart-system-${run}`;
const apps = `chart-apps-${run}`;
const chaos = `chart-chaos-${run}`;
const release = `chart-${run}`;
const account = `${system}:${release}-chaosflow`;
const TOKEN = 'chart-e2e-token';
const LEASES = 'coordination.k8s.io';
const LEADER_LEASE = `${release}-chaosflow-leader`;
const WORKFLOW_ID = `chart-${run}`;

const repo = new GitRepo();
const work = mkdtempSync(join(tmpdir(), 'chaosflow-chart-e2e-'));
let rendered: KubeObject[] = [];

/** The values a namespace-scoped install with the API and the GitOps loop on is rendered with. */
function installValues(): string {
  const file = join(work, 'values.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      scope: 'namespace',
      watchNamespaces: [apps],
      templateNamespaces: [chaos],
      trigger: { cooldown: '0s', resync: '10s' },
      api: { enabled: true, token: TOKEN },
      sync: { enabled: true, repo: repo.dir, interval: '10m' },
    }),
  );
  return file;
}

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

beforeAll(async () => {
  config.loadFromFile(inject('kubeconfig'));
  repo.commit({
    'experiments/on-release.ts': [
      "import { experiment, faults, target } from 'chaosflow';",
      'export default experiment({',
      `  name: '${WORKFLOW_ID}',`,
      `  id: '${WORKFLOW_ID}',`,
      `  chaosNamespace: '${chaos}',`,
      "  target: target.fromParameters({ kinds: ['deployment'] }),",
      '  faults: [faults.podDelete()],',
      '});',
      '',
    ].join('\n'),
  });
  const render = helmTemplate(helm, release, system, { values: [installValues()] });
  expect(render.stderr).toBe('');
  rendered = objectsOf(render.stdout);
  await serverSideApply(config, [system, apps, chaos].map(namespace));
  await serverSideApply(config, rendered as never);
});

afterAll(() => {
  repo.remove();
  rmSync(work, { recursive: true, force: true });
});

describe("the chart's RBAC, namespace scope, on a real API server", () => {
  it.each<Access>([
    { verb: 'watch', resource: 'deployments', group: 'apps', namespace: apps },
    { verb: 'list', resource: 'statefulsets', group: 'apps', namespace: apps },
    { verb: 'get', resource: 'daemonsets', group: 'apps', namespace: apps },
    { verb: 'create', resource: 'events', namespace: apps },
    { verb: 'list', resource: 'workflowtemplates', group: 'argoproj.io', namespace: chaos },
    { verb: 'create', resource: 'workflows', group: 'argoproj.io', namespace: chaos },
    { verb: 'patch', resource: 'workflowtemplates', group: 'argoproj.io', namespace: chaos },
    { verb: 'delete', resource: 'cronworkflows', group: 'argoproj.io', namespace: chaos },
    { verb: 'update', resource: 'configmaps', namespace: system, name: `${release}-chaosflow-trigger-state` },
    { verb: 'watch', resource: 'configmaps', namespace: system, name: 'chaosflow-trigger' },
    { verb: 'get', resource: 'leases', group: LEASES, namespace: system, name: LEADER_LEASE },
    { verb: 'patch', resource: 'leases', group: LEASES, namespace: system, name: LEADER_LEASE },
  ])('lets the service $verb $resource in $namespace', async (access) => {
    expect(await can(config, account, access)).toBe(true);
  });

  it.each<Access>([
    { verb: 'delete', resource: 'deployments', group: 'apps', namespace: apps },
    { verb: 'update', resource: 'deployments', group: 'apps', namespace: apps },
    { verb: 'delete', resource: 'pods', namespace: apps },
    { verb: 'get', resource: 'secrets', namespace: apps },
    { verb: 'get', resource: 'secrets', namespace: system },
    { verb: 'list', resource: 'secrets' },
    { verb: 'list', resource: 'deployments', group: 'apps', namespace: 'default' },
    { verb: 'list', resource: 'deployments', group: 'apps' },
    { verb: 'create', resource: 'workflows', group: 'argoproj.io', namespace: 'default' },
    { verb: 'list', resource: 'workflowtemplates', group: 'argoproj.io', namespace: apps },
    { verb: 'create', resource: 'chaosengines', group: 'litmuschaos.io', namespace: chaos },
    { verb: 'update', resource: 'configmaps', namespace: system, name: 'someone-elses' },
    { verb: 'watch', resource: 'configmaps', namespace: system },
    { verb: 'create', resource: 'rolebindings', group: 'rbac.authorization.k8s.io', namespace: chaos },
    { verb: 'create', resource: 'leases', group: LEASES, namespace: system },
    { verb: 'patch', resource: 'leases', group: LEASES, namespace: system, name: 'someone-elses' },
    { verb: 'delete', resource: 'leases', group: LEASES, namespace: system, name: LEADER_LEASE },
  ])('refuses the service $verb $resource in $namespace', async (access) => {
    expect(await can(config, account, access)).toBe(false);
  });
});

describe("the chart's RBAC, cluster scope (default values), on a real API server", () => {
  const clusterRelease = `chart-cluster-${run}`;
  const clusterAccount = `${system}:${clusterRelease}-chaosflow`;

  beforeAll(async () => {
    const render = helmTemplate(helm, clusterRelease, system);
    expect(render.stderr).toBe('');
    await serverSideApply(config, objectsOf(render.stdout) as never);
  });

  it('lets the service watch workloads and start Workflows in any namespace', async () => {
    for (const ns of [apps, 'kube-system']) {
      expect(
        await can(config, clusterAccount, {
          verb: 'watch',
          resource: 'daemonsets',
          group: 'apps',
          namespace: ns,
        }),
      ).toBe(true);
      expect(
        await can(config, clusterAccount, {
          verb: 'create',
          resource: 'workflows',
          group: 'argoproj.io',
          namespace: ns,
        }),
      ).toBe(true);
    }
    expect(await can(config, clusterAccount, { verb: 'list', resource: 'deployments', group: 'apps' })).toBe(
      true,
    );
  });

  it.each<Access>([
    { verb: 'delete', resource: 'deployments', group: 'apps', namespace: apps },
    { verb: 'patch', resource: 'statefulsets', group: 'apps', namespace: 'kube-system' },
    { verb: 'get', resource: 'secrets', namespace: 'kube-system' },
    { verb: 'get', resource: 'secrets', namespace: system },
    { verb: 'create', resource: 'pods', namespace: apps },
    { verb: 'patch', resource: 'workflowtemplates', group: 'argoproj.io', namespace: chaos },
    { verb: 'delete', resource: 'workflows', group: 'argoproj.io', namespace: chaos },
  ])('refuses the service $verb $resource in $namespace', async (access) => {
    expect(await can(config, clusterAccount, access)).toBe(false);
  });
});

describe('every option of the chart on a real API server', () => {
  it('is admitted whole (dry run): hub faults, examples with their RBAC, Secrets, NetworkPolicy', async () => {
    const render = helmTemplate(helm, `chart-all-${run}`, system, {
      set: [
        'faults.install=true',
        `faults.namespace=${chaos}`,
        'examples.install=true',
        'networkPolicy.enabled=true',
        'networkPolicy.ingressFrom[0].podSelector.matchLabels.app=ci',
        'api.enabled=true',
        'api.hmacSecret=secret',
        'sync.enabled=true',
        'sync.repo=git@git.example.com:team/chaos.git',
        'sync.git.auth=ssh',
        'sync.git.sshKey=key',
        'sync.git.knownHosts=git.example.com ssh-ed25519 AAAA',
      ],
    });
    expect(render.stderr).toBe('');
    const objects = objectsOf(render.stdout);
    // The examples name their own namespaces: litmus for the workflows, their targets' for the chaos Roles.
    const named = new Set(objects.flatMap((object) => object.metadata.namespace ?? []));
    expect([...named].sort()).toEqual([chaos, 'litmus', 'nginx', 'shop', system].sort());
    await serverSideApply(config, [...named].map(namespace));
    const admitted = await serverSideApply(config, objects as never, { dryRun: true });
    expect(admitted.map((object) => object.kind)).toEqual(objects.map((object) => object.kind));
    expect(objects.filter((object) => object.kind === 'ChaosExperiment')).toHaveLength(31);
  });
});

describe("the chart's pod under the restricted Pod Security Standard", () => {
  const restricted = `chart-restricted-${run}`;
  const podFrom = (template: { metadata?: object; spec: object }) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...template.metadata, name: 'chaosflow', namespace: restricted },
    spec: { ...template.spec, serviceAccountName: 'default' },
  });
  const template = () =>
    (
      rendered.find((object) => object.kind === 'Deployment') as KubeObject & {
        spec: { template: { metadata?: object; spec: { securityContext: object } } };
      }
    ).spec.template;

  beforeAll(async () => {
    const enforcing = namespace(restricted);
    await serverSideApply(config, [
      {
        ...enforcing,
        metadata: { ...enforcing.metadata, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
      },
    ] as never);
  });

  it('is admitted by the API server in a namespace that enforces it', async () => {
    const [admitted] = await serverSideApply(config, [podFrom(template())] as never, { dryRun: true });
    expect(admitted?.kind).toBe('Pod');
  });

  it('would be refused there without its security context (the check is live)', async () => {
    const loose = { ...template(), spec: { ...template().spec, securityContext: {} } };
    await expect(serverSideApply(config, [podFrom(loose)] as never, { dryRun: true })).rejects.toThrow(
      /violates PodSecurity "restricted:latest"/,
    );
  });
});

describe("chaosflow serve with the chart's ServiceAccount and arguments", () => {
  let service: ChildProcess | undefined;
  afterAll(() => service?.kill('SIGTERM'));

  it('syncs the experiment from git, and a release of an opted-in workload starts exactly one Workflow', async () => {
    const deployment = rendered.find((object) => object.kind === 'Deployment') as
      | (KubeObject & { spec: { template: { spec: { containers: { args: string[] }[] } } } })
      | undefined;
    const [serve, ...args] = deployment?.spec.template.spec.containers[0]?.args ?? [];
    expect(serve).toBe('serve');
    const secret = rendered.find((object) => object.kind === 'Secret') as
      | (KubeObject & { data: Record<string, string> })
      | undefined;
    const token = Buffer.from(secret?.data.token ?? '', 'base64').toString();
    expect(token).toBe(TOKEN);
    const kubeconfig = await serviceAccountKubeconfig(config, system, `${release}-chaosflow`, work);
    const local = args.map((arg) =>
      arg === '--port=8080' ? '--port=0' : arg.startsWith('--sync-cache=') ? `--sync-cache=${work}/git` : arg,
    );
    const started = await spawnServe(local, kubeconfig, token);
    service = started.child;
    const url = `http://127.0.0.1:${started.port}`;
    await until('the service to be ready', async () =>
      (await fetch(`${url}/readyz`)).ok ? true : undefined,
    );

    const custom = config.makeApiClient(CustomObjectsApi);
    const argo = { group: 'argoproj.io', version: 'v1alpha1', namespace: chaos } as const;
    const template = await until('the synced WorkflowTemplate', () =>
      custom.getNamespacedCustomObject({ ...argo, plural: 'workflowtemplates', name: WORKFLOW_ID }),
    );
    expect((template as KubeObject).metadata.labels?.workflow_id).toBe(WORKFLOW_ID);

    const checkout = (image: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'checkout',
        namespace: apps,
        annotations: {
          'litmuschaos.io/gitops': 'true',
          'litmuschaos.io/workflow': WORKFLOW_ID,
          'litmuschaos.io/chaos': 'true',
        },
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'checkout' } },
        template: {
          metadata: { labels: { app: 'checkout' } },
          spec: { containers: [{ name: 'app', image }] },
        },
      },
    });
    await serverSideApply(config, [checkout('shop/checkout:1')] as never);
    const uid = (
      await config.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'checkout', namespace: apps })
    ).metadata?.uid;
    await serverSideApply(config, [checkout('shop/checkout:2')] as never);
    const workflows = async () =>
      (
        await custom.listNamespacedCustomObject({
          ...argo,
          plural: 'workflows',
          labelSelector: `chaosflow.io/workload-uid=${uid}`,
        })
      ).items as KubeObject[];
    const [workflow] = await until('the triggered Workflow', async () => {
      const found = await workflows();
      return found.length > 0 ? found : undefined;
    });
    expect(workflow?.spec).toMatchObject({ workflowTemplateRef: { name: WORKFLOW_ID } });
    // The state store was written with the chart's narrow ConfigMap rule, and nothing fired twice.
    await until('the revision store', () =>
      config
        .makeApiClient(CoreV1Api)
        .readNamespacedConfigMap({ name: `${release}-chaosflow-trigger-state`, namespace: system }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await workflows()).toHaveLength(1);
  });
});
