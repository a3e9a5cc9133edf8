import { beforeEach, describe, expect, it } from 'vitest';
import { TriggerController } from '../../src/trigger/controller.js';
import { eventTrackerPolicySchema } from '../../src/trigger/policy.js';
import type { WatchedWorkload } from '../../src/trigger/workload.js';
import { FakeCluster, RecordingReporter } from './fake-cluster.js';

const OPTED_IN = {
  'litmuschaos.io/gitops': 'true',
  'litmuschaos.io/workflow': 'checkout',
  'litmuschaos.io/chaos': 'true',
};

interface Version {
  generation: number;
  image?: string;
  replicas?: number;
  rolledOut?: boolean;
  annotations?: Record<string, string>;
}

function cart({
  generation,
  image = `shop/cart:${generation}`,
  replicas = 2,
  rolledOut = true,
  annotations = OPTED_IN,
}: Version): WatchedWorkload {
  return {
    metadata: { name: 'cart', namespace: 'shop', uid: 'uid-cart', generation, annotations },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'cart' } },
      template: { spec: { containers: [{ name: 'app', image }] } },
    },
    status: rolledOut
      ? { observedGeneration: generation, replicas, updatedReplicas: replicas, availableReplicas: replicas }
      : {
          observedGeneration: generation,
          replicas: replicas + 1,
          updatedReplicas: 1,
          availableReplicas: replicas,
        },
  };
}

let cluster: FakeCluster;
let reporter: RecordingReporter;
let clock: number;

function controller(options: Partial<ConstructorParameters<typeof TriggerController>[2]> = {}) {
  return new TriggerController(
    cluster,
    reporter,
    { rolloutTimeoutMs: 60_000, cooldownMs: 0, ...options },
    () => clock,
  );
}

beforeEach(() => {
  cluster = new FakeCluster();
  reporter = new RecordingReporter();
  clock = 1_000_000;
});

describe('TriggerController', () => {
  it('starts one Workflow for a new image, pointed at the changed workload', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1 }));
    expect(cluster.workflows.size).toBe(0);
    await trigger.observe('deployment', cart({ generation: 2, image: 'shop/cart:2' }));
    expect([...cluster.workflows.values()]).toHaveLength(1);
    const [workflow] = [...cluster.workflows.values()];
    expect(workflow?.spec).toMatchObject({
      workflowTemplateRef: { name: 'checkout' },
      arguments: {
        parameters: [
          { name: 'appNamespace', value: 'shop' },
          { name: 'appKind', value: 'deployment' },
          { name: 'appLabel', value: 'app=cart' },
        ],
      },
    });
    expect(workflow?.metadata.annotations).toMatchObject({
      'chaosflow.io/change': 'image',
      'chaosflow.io/revision': '2',
    });
    expect(cluster.events.map((e) => e.event.reason)).toEqual(['ChaosTriggered']);
  });

  it('keeps nothing of a workload that is not opted in, and counts re-annotating as its first sight', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1 }));
    await trigger.observe('deployment', cart({ generation: 2, annotations: {} }));
    await trigger.idle();
    expect(cluster.revisions.has('uid-cart')).toBe(false);
    // Changed while not opted in, then opted in again: neither is a change to run chaos for.
    await trigger.observe('deployment', cart({ generation: 3, image: 'shop/cart:3', annotations: {} }));
    await trigger.observe('deployment', cart({ generation: 4, image: 'shop/cart:3' }));
    expect(cluster.workflows.size).toBe(0);
    // The next real change runs, once.
    await trigger.observe('deployment', cart({ generation: 5, image: 'shop/cart:5' }));
    expect(
      [...cluster.workflows.values()].map((w) => w.metadata.annotations?.['chaosflow.io/revision']),
    ).toEqual(['5']);
  });

  it('ignores status-only updates and many updates of one revision', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1 }));
    for (let i = 0; i < 100; i += 1)
      await trigger.observe('deployment', cart({ generation: 2, image: 'shop/cart:2' }));
    expect(cluster.workflows.size).toBe(1);
    await trigger.observe('deployment', cart({ generation: 2, image: 'shop/cart:2', rolledOut: false }));
    expect(cluster.workflows.size).toBe(1);
  });

  it('does not count a generation bump without a spec change, such as a Deployment annotation edit', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1, image: 'shop/cart:1' }));
    const annotated = { ...OPTED_IN, 'team/owner': 'payments' };
    await trigger.observe(
      'deployment',
      cart({ generation: 2, image: 'shop/cart:1', annotations: annotated }),
    );
    expect(cluster.workflows.size).toBe(0);
    await trigger.observe(
      'deployment',
      cart({ generation: 3, image: 'shop/cart:3', annotations: annotated }),
    );
    expect(
      [...cluster.workflows.values()].map((w) => w.metadata.annotations?.['chaosflow.io/change']),
    ).toEqual(['image']);
    const restarted = controller();
    await restarted.restore();
    await restarted.observe(
      'deployment',
      cart({ generation: 4, image: 'shop/cart:3', annotations: OPTED_IN }),
    );
    expect(cluster.workflows.size).toBe(1);
  });

  it('starts nothing when a relist (after 410 Gone, or a resync) delivers every object again', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1 }));
    await trigger.observe('deployment', cart({ generation: 2 }));
    for (let relist = 0; relist < 3; relist += 1)
      await trigger.observe('deployment', cart({ generation: 2 }));
    expect(cluster.workflows.size).toBe(1);
    expect(reporter.skips).toEqual([]);
  });

  it('never touches a workload that is not annotated, and refuses one that did not opt in as a target', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1, annotations: {} }));
    await trigger.observe('deployment', cart({ generation: 2, annotations: {} }));
    expect(cluster.events).toEqual([]);
    const { 'litmuschaos.io/chaos': _, ...withoutTarget } = OPTED_IN;
    await trigger.observe('deployment', cart({ generation: 2, annotations: withoutTarget }));
    await trigger.observe('deployment', cart({ generation: 3, annotations: withoutTarget }));
    expect(cluster.workflows.size).toBe(0);
    expect(reporter.skips).toEqual(['refused']);
    expect(cluster.events[0]?.event.message).toContain('not opted in as a chaos target');
  });

  it('waits for the rollout, and records a skip when it does not complete in time', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1 }));
    await trigger.observe('deployment', cart({ generation: 2, rolledOut: false }));
    expect(cluster.workflows.size).toBe(0);
    await trigger.observe('deployment', cart({ generation: 2, rolledOut: true }));
    expect(cluster.workflows.size).toBe(1);

    await trigger.observe('deployment', cart({ generation: 3, rolledOut: false }));
    clock += 61_000;
    await trigger.tick();
    await trigger.observe('deployment', cart({ generation: 3, rolledOut: true }));
    expect(cluster.workflows.size).toBe(1);
    expect(reporter.skips).toEqual(['rollout-timeout']);
  });

  it('runs only the newest of revisions that arrive while one waits', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1 }));
    for (let generation = 2; generation <= 11; generation += 1) {
      await trigger.observe('deployment', cart({ generation, rolledOut: false }));
    }
    await trigger.observe('deployment', cart({ generation: 11 }));
    expect(
      [...cluster.workflows.values()].map((w) => w.metadata.annotations?.['chaosflow.io/revision']),
    ).toEqual(['11']);
    expect(reporter.skips.filter((reason) => reason === 'superseded')).toHaveLength(9);
  });

  it('neither loses nor repeats a change across a restart', async () => {
    const first = controller();
    await first.observe('deployment', cart({ generation: 1 }));
    await first.observe('deployment', cart({ generation: 2, rolledOut: false }));
    await first.idle(); // what the first process had saved when it died
    const restarted = controller();
    await restarted.restore();
    await restarted.observe('deployment', cart({ generation: 2 }));
    expect(cluster.workflows.size).toBe(1);
    const again = controller();
    await again.restore();
    await again.observe('deployment', cart({ generation: 2 }));
    expect(cluster.workflows.size).toBe(1);
  });

  it('keeps the cooldown between two runs on one workload', async () => {
    const trigger = controller({ cooldownMs: 300_000 });
    await trigger.observe('deployment', cart({ generation: 1 }));
    await trigger.observe('deployment', cart({ generation: 2 }));
    await trigger.observe('deployment', cart({ generation: 3 }));
    expect(cluster.workflows.size).toBe(1);
    clock += 300_000;
    await trigger.tick();
    expect(cluster.workflows.size).toBe(2);
  });

  it('honours EventTrackerPolicies, comparing numbers as numbers', async () => {
    const trigger = controller();
    trigger.setPolicies([
      eventTrackerPolicySchema.parse({
        apiVersion: 'eventtracker.litmuschaos.io/v1',
        kind: 'EventTrackerPolicy',
        metadata: { name: 'big' },
        spec: {
          condition_type: 'and',
          conditions: [{ key: 'spec.replicas', value: '9', operator: 'GreaterThan' }],
        },
      }),
    ]);
    await trigger.observe('deployment', cart({ generation: 1 }));
    await trigger.observe('deployment', cart({ generation: 2, replicas: 8 }));
    await trigger.observe('deployment', cart({ generation: 3, replicas: 10 }));
    expect(
      [...cluster.workflows.values()].map((w) => w.metadata.annotations?.['chaosflow.io/revision']),
    ).toEqual(['3']);
    expect(reporter.skips).toEqual(['policy']);
  });

  it('pauses every trigger with the kill switch', async () => {
    const trigger = controller();
    await trigger.observe('deployment', cart({ generation: 1 }));
    trigger.setPaused(true);
    await trigger.observe('deployment', cart({ generation: 2 }));
    trigger.setPaused(false);
    await trigger.tick();
    expect(cluster.workflows.size).toBe(0);
    expect(reporter.skips).toEqual(['paused']);
  });

  it('refuses a template that does not take its target from parameters, and a missing template', async () => {
    const trigger = controller();
    cluster.templates = [{ name: 'fixed', namespace: 'litmus', parameters: [] }];
    await trigger.observe('deployment', cart({ generation: 1 }));
    await trigger.observe('deployment', cart({ generation: 2 }));
    cluster.templates = [];
    clock += 6_000; // past the template cache
    await trigger.observe('deployment', cart({ generation: 3 }));
    expect(cluster.workflows.size).toBe(0);
    expect(reporter.skips).toEqual(['invalid-target', 'no-template']);
    expect(cluster.events.map((e) => e.event.message)).toEqual([
      'invalid-target: WorkflowTemplate litmus/fixed does not take its target from parameters (target.fromParameters)',
      'no-template: no WorkflowTemplate is labelled workflow_id=checkout',
    ]);
  });
});

describe('TriggerController.submitRequest', () => {
  const request = {
    workflowId: 'checkout',
    target: { namespace: 'shop', kind: 'deployment' as const, name: 'cart' },
    parameters: { release: 'v2' },
    revision: 'v2',
  };

  it('starts one run per (experiment, target, revision) against an opted-in workload', async () => {
    cluster.workloads.set('shop/deployment/cart', cart({ generation: 1 }));
    const trigger = controller();
    const first = await trigger.submitRequest(request);
    expect(first).toEqual({
      workflowName: expect.stringMatching(/^checkout-[0-9a-f]{10}$/),
      namespace: 'litmus',
      created: true,
    });
    expect(await trigger.submitRequest(request)).toEqual({ ...first, created: false });
    expect(cluster.workflows.get(first.workflowName)?.metadata.labels).toMatchObject({
      'chaosflow.io/trigger': 'http',
    });
  });

  it('refuses a missing workload, one that did not opt in, and a missing template, each with its reason', async () => {
    const trigger = controller();
    await expect(trigger.submitRequest(request)).rejects.toMatchObject({
      reason: 'no-workload',
      message: 'there is no deployment shop/cart',
    });
    cluster.workloads.set('shop/deployment/cart', cart({ generation: 1, annotations: {} }));
    await expect(trigger.submitRequest(request)).rejects.toMatchObject({
      reason: 'not-opted-in',
      message:
        'deployment shop/cart is not opted in as a chaos target; annotate it litmuschaos.io/chaos: "true"',
    });
    cluster.workloads.set('shop/deployment/cart', cart({ generation: 1 }));
    cluster.templates = [];
    await expect(trigger.submitRequest(request)).rejects.toMatchObject({ reason: 'no-template' });
    expect(cluster.workflows.size).toBe(0);
  });

  it('refuses every request while the emergency stop is on, and takes them again once it is lifted', async () => {
    cluster.workloads.set('shop/deployment/cart', cart({ generation: 1 }));
    const trigger = controller();
    trigger.setEmergencyStop({ reason: 'checkout is down' });
    await expect(trigger.submitRequest(request)).rejects.toMatchObject({
      reason: 'emergency-stop',
      message:
        'the emergency stop is on (checkout is down): no run starts until it is lifted (chaosflow stop --lift, or POST /v1/resume)',
    });
    expect(cluster.workflows.size).toBe(0);
    trigger.setEmergencyStop(undefined);
    expect(await trigger.submitRequest(request)).toMatchObject({ created: true });
  });
});
