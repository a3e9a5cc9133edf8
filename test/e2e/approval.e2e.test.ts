import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { faults, target } from '../../src/index.js';
import {
  CHAOS_NAMESPACE,
  ChaosRuns,
  compiledRun,
  deployTargets,
  nodeOf,
  PodDeletions,
} from './chaos-runs.js';
import { until } from './until.js';

// An approval before the chaos, on the real Argo controller with Litmus's operator and litmus-go: the run waits at
// its suspend step until `argo resume` releases it, or fails without chaos when nobody does in time.
const config = new KubeConfig();
const TARGETS = `approval-${Date.now().toString(36)}`;
const web = target.deployment({ namespace: TARGETS, labels: { app: 'web' } });
const shortPodDelete = faults.podDelete({ tunables: { totalChaosDuration: '10s', chaosInterval: '5s' } });
let runs: ChaosRuns;

/** The display names of the steps a run has reached so far (not Argo's nodes of step groups, `[0]`, `[1]`…). */
const stepsReached = async (name: string) =>
  Object.values((await runs.workflow(name)).status?.nodes ?? {})
    .map((node) => node.displayName)
    .filter((step) => !/^\[\d+\]$/.test(step));

describe('an approval gate before the chaos', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), inject('binDir'));
    await deployTargets(config, TARGETS, ['web']);
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
  });

  it('holds the run at approval, with nothing installed, until argo resume releases it; then the chaos runs to Pass', async () => {
    const deletions = new PodDeletions(config, TARGETS, 'app=web');
    await deletions.start();
    const name = await runs.submit(
      compiledRun({
        name: 'e2e-approved',
        target: web,
        faults: [shortPodDelete],
        approval: { timeout: '10m' },
      }),
    );
    await until(
      `${name} to wait at its approval`,
      async () => (nodeOf(await runs.workflow(name), 'approval')?.phase === 'Running' ? true : undefined),
      60_000,
    );
    // Held for a while: still nothing but the wait, no engine, no pod deleted.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await stepsReached(name)).sort()).toEqual([name, 'approval'].sort());
    expect((await runs.leftovers(await runs.workflow(name))).engines).toEqual([]);
    expect(deletions.seen).toEqual([]);

    await runs.argo('resume', '-n', CHAOS_NAMESPACE, name);
    const workflow = await runs.finished(name);
    deletions.stop();
    expect(workflow.status?.phase, workflow.status?.message).toBe('Succeeded');
    expect(nodeOf(workflow, 'approval')?.phase).toBe('Succeeded');
    expect(nodeOf(workflow, 'approval-timed-out')?.phase).toBe('Skipped');
    expect((await runs.result(workflow, 'pod-delete')).status?.experimentStatus?.verdict).toBe('Pass');
    expect(deletions.seen.length).toBeGreaterThan(0);
    await runs.cleanedUp(workflow);
  }, 300_000);

  it('fails the run at approval-timed-out when nobody releases it in time, before installing or injecting anything', async () => {
    const deletions = new PodDeletions(config, TARGETS, 'app=web');
    await deletions.start();
    const name = await runs.submit(
      compiledRun({
        name: 'e2e-unapproved',
        target: web,
        faults: [shortPodDelete],
        approval: { timeout: '5s' },
      }),
    );
    const workflow = await runs.finished(name, 120_000);
    deletions.stop();
    expect(workflow.status?.phase).toBe('Failed');
    expect(nodeOf(workflow, 'approval')?.phase).toBe('Succeeded');
    expect(nodeOf(workflow, 'approval-timed-out')).toMatchObject({
      phase: 'Failed',
      message: "Error: failure condition '{approval != [given-within-5s]}' evaluated true",
    });
    const reached = await stepsReached(name);
    expect(reached.filter((step) => /^(install|engine|fault|verdict)-|^run-faults$/.test(step))).toEqual([]);
    expect(reached).toContain(`${name}.onExit`);
    expect(deletions.seen).toEqual([]);
    await runs.cleanedUp(workflow);
  }, 180_000);
});
