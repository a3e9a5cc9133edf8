import { describe, expect, it } from 'vitest';
import { type RolloutView, rolloutComplete } from '../../src/trigger/rollout.js';

const deployment = (status: NonNullable<RolloutView['status']>, generation = 4): RolloutView => ({
  metadata: { generation },
  spec: { replicas: 3 },
  status,
});

describe('rolloutComplete', () => {
  it('waits for the Deployment controller to see the new spec', () => {
    expect(
      rolloutComplete(
        'deployment',
        deployment({ observedGeneration: 3, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      ),
    ).toBe(false);
  });

  it.each([
    ['old replicas still running', { replicas: 4, updatedReplicas: 3, availableReplicas: 3 }, false],
    ['new replicas not available yet', { replicas: 3, updatedReplicas: 3, availableReplicas: 2 }, false],
    ['every replica updated and available', { replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, true],
  ])('for a Deployment with %s: %s', (_, status, complete) => {
    expect(rolloutComplete('deployment', deployment({ observedGeneration: 4, ...status }))).toBe(complete);
  });

  it('waits for a StatefulSet to move every pod to the update revision', () => {
    const base = { metadata: { generation: 2 }, spec: { replicas: 2 } };
    const status = { observedGeneration: 2, updatedReplicas: 2, readyReplicas: 2, updateRevision: 'web-2' };
    expect(rolloutComplete('statefulset', { ...base, status: { ...status, currentRevision: 'web-1' } })).toBe(
      false,
    );
    expect(rolloutComplete('statefulset', { ...base, status: { ...status, currentRevision: 'web-2' } })).toBe(
      true,
    );
  });

  it('waits for a DaemonSet to update and make available every scheduled pod', () => {
    const base = { metadata: { generation: 5 } };
    const status = { observedGeneration: 5, desiredNumberScheduled: 3, updatedNumberScheduled: 3 };
    expect(rolloutComplete('daemonset', { ...base, status: { ...status, numberAvailable: 2 } })).toBe(false);
    expect(rolloutComplete('daemonset', { ...base, status: { ...status, numberAvailable: 3 } })).toBe(true);
  });
});
