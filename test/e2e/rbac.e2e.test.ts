import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { serverSideApply } from '../env/apply.js';
import { hub } from '../helpers.js';
import { type Access, can as canDo } from './access-review.js';

const config = new KubeConfig();
const example = fileURLToPath(new URL('../../examples/nginx-pod-delete.ts', import.meta.url));

const can = (serviceAccount: string, access: Access) => canDo(config, serviceAccount, access);

beforeAll(async () => {
  config.loadFromFile(inject('kubeconfig'));
  const module = (await import(join(example))) as { default: unknown };
  const rbac = compileExperiment(module.default, { hub: hub(), rbac: true }).objects.slice(
    1,
  ) as KubernetesObject[];
  const namespaces = ['litmus', 'nginx'].map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  }));
  await serverSideApply(config, [...namespaces, ...rbac]);
});

describe('the compiled RBAC, applied to a real API server with RBAC authorization', () => {
  const workflow = 'litmus:argo-chaos';
  const chaos = 'litmus:litmus-admin';

  it.each<Access>([
    { verb: 'create', resource: 'chaosengines', group: 'litmuschaos.io', namespace: 'litmus' },
    { verb: 'delete', resource: 'chaosengines', group: 'litmuschaos.io', namespace: 'litmus' },
    { verb: 'patch', resource: 'chaosexperiments', group: 'litmuschaos.io', namespace: 'litmus' },
    { verb: 'get', resource: 'chaosresults', group: 'litmuschaos.io', namespace: 'litmus' },
    { verb: 'create', resource: 'workflowtaskresults', group: 'argoproj.io', namespace: 'litmus' },
  ])('lets the workflow account $verb $resource', async (access) => {
    expect(await can(workflow, access)).toBe(true);
  });

  it.each<Access>([
    { verb: 'delete', resource: 'deployments', group: 'apps', namespace: 'nginx' },
    { verb: 'delete', resource: 'pods', namespace: 'nginx' },
    { verb: 'get', resource: 'secrets', namespace: 'litmus' },
    { verb: 'delete', resource: 'chaosresults', group: 'litmuschaos.io', namespace: 'litmus' },
    { verb: 'create', resource: 'chaosengines', group: 'litmuschaos.io', namespace: 'nginx' },
  ])('refuses the workflow account $verb $resource in $namespace', async (access) => {
    expect(await can(workflow, access)).toBe(false);
  });

  it('lets the chaos account delete the target pods, and no more than its faults need', async () => {
    expect(await can(chaos, { verb: 'delete', resource: 'pods', namespace: 'nginx' })).toBe(true);
    expect(await can(chaos, { verb: 'create', resource: 'jobs', group: 'batch', namespace: 'litmus' })).toBe(
      true,
    );
    expect(
      await can(chaos, { verb: 'delete', resource: 'deployments', group: 'apps', namespace: 'nginx' }),
    ).toBe(false);
    expect(await can(chaos, { verb: 'get', resource: 'secrets', namespace: 'nginx' })).toBe(false);
    expect(await can(chaos, { verb: 'delete', resource: 'pods', namespace: 'kube-system' })).toBe(false);
  });
});
