import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { serverSideApply } from '../env/apply.js';
import { FAKE_NODES } from '../env/nodes.js';

const config = new KubeConfig();

// kube-controller-manager, kube-scheduler and kwok's fake nodes: a Deployment rolls out like on a real cluster
// (the trigger service's rollout gate relies on it). Only on the test control plane.
describe.skipIf(inject('binDir') === '')('workloads on the test control plane', () => {
  beforeAll(() => config.loadFromFile(inject('kubeconfig')));

  it('rolls a Deployment out: ReplicaSet, pods scheduled on the kwok nodes, all replicas available', async () => {
    const name = `web-${Date.now().toString(36)}`;
    await serverSideApply(config, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'workloads' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'workloads' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
              containers: [{ name: 'web', image: 'nginx:1.27' }],
            },
          },
        },
      } as never,
    ]);
    const apps = config.makeApiClient(AppsV1Api);
    const deadline = Date.now() + 90_000;
    let available = 0;
    while (available < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      available =
        (await apps.readNamespacedDeployment({ name, namespace: 'workloads' })).status?.availableReplicas ??
        0;
    }
    expect(available).toBe(2);
    const pods = await config
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace: 'workloads', labelSelector: `app=${name}` });
    expect(pods.items.map((pod) => pod.status?.phase)).toEqual(['Running', 'Running']);
    for (const pod of pods.items) expect(FAKE_NODES).toContain(pod.spec?.nodeName);
  });
});
