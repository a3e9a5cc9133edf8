import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';

/** The annotation kwok is started to manage nodes by. */
export const KWOK_NODE_ANNOTATION = { 'kwok.x-k8s.io/node': 'fake' } as const;

/**
 * The fake nodes: two, so node faults (node-taint, node-drain) have somewhere to move the pods they evict.
 */
export const FAKE_NODES = ['kwok-node-0', 'kwok-node-1'] as const;

/**
 * Registers a fake node that kwok keeps Ready, so the scheduler places pods and kwok runs them. It is
 * tainted: only pods that tolerate the taint (test workloads) land there, while Argo's and Litmus's pods stay
 * unscheduled for the pod runner to execute.
 */
export async function registerFakeNode(config: KubeConfig, name: string): Promise<void> {
  const api = config.makeApiClient(CoreV1Api);
  try {
    await api.readNode({ name });
    return;
  } catch {
    // not there yet
  }
  await api.createNode({
    body: {
      apiVersion: 'v1',
      kind: 'Node',
      spec: { taints: [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }] },
      metadata: {
        name,
        annotations: { ...KWOK_NODE_ANNOTATION, 'node.alpha.kubernetes.io/ttl': '0' },
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'kwok',
        },
      },
      status: {
        allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
        capacity: { cpu: '32', memory: '256Gi', pods: '110' },
        nodeInfo: {
          architecture: 'amd64',
          operatingSystem: 'linux',
          kubeletVersion: 'fake',
          kubeProxyVersion: 'fake',
          bootID: '',
          containerRuntimeVersion: '',
          kernelVersion: '',
          machineID: '',
          osImage: '',
          systemUUID: '',
        },
        phase: 'Running',
      },
    },
  });
}
