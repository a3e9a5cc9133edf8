import { describe, expect, it } from 'vitest';
import { workloadView } from '../../src/cluster/workload-view.js';

const OPTED_IN = {
  'litmuschaos.io/gitops': 'true',
  'litmuschaos.io/workflow': 'checkout',
  'litmuschaos.io/chaos': 'true',
};

function deployment(annotations: Record<string, string>) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'cart',
      namespace: 'shop',
      uid: 'uid-cart',
      generation: 4,
      resourceVersion: '812',
      labels: { app: 'cart' },
      annotations: { ...annotations, 'kubectl.kubernetes.io/last-applied-configuration': '{"a":1}' },
      managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': {} } }],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'cart' } },
      template: { spec: { containers: [{ name: 'app', image: 'shop/cart:4' }] } },
    },
    status: { observedGeneration: 4, replicas: 2 },
  };
}

describe('the view of a watched workload', () => {
  it('keeps only identity, generation and opt-in annotations of a workload that did not opt in', () => {
    expect(workloadView(deployment({ 'litmuschaos.io/gitops': 'true', team: 'shop' }))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'cart',
        namespace: 'shop',
        uid: 'uid-cart',
        generation: 4,
        resourceVersion: '812',
        annotations: { 'litmuschaos.io/gitops': 'true' },
      },
    });
  });

  it('keeps an opted-in workload whole but for managedFields', () => {
    const { managedFields, ...metadata } = deployment(OPTED_IN).metadata;
    expect(managedFields).toHaveLength(1);
    expect(workloadView(deployment(OPTED_IN))).toEqual({ ...deployment(OPTED_IN), metadata });
  });

  it('keeps whole a workload whose opt-in is refused, so the refusal is seen and reported', () => {
    const refused = { 'litmuschaos.io/gitops': 'true', 'litmuschaos.io/workflow': 'checkout' };
    expect(workloadView(deployment(refused))).toMatchObject({ spec: deployment(refused).spec });
  });
});
