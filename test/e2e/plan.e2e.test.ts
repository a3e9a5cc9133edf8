import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { CHAOS_NAMESPACE, ChaosRuns, deployTargets } from './chaos-runs.js';
import { until } from './until.js';

// `chaosflow plan --cluster` reads a real API server (with kube-controller-manager keeping PodDisruptionBudgets'
// status, and kwok running the pods) and changes nothing.
const config = new KubeConfig();
const TARGETS = `plan-${Date.now().toString(36)}`;
const CLI = fileURLToPath(new URL('../../bin/chaosflow.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'chaosflow-plan-e2e-'));
const run = promisify(execFile);
let runs: ChaosRuns;

/** An experiment of a pod-delete per label, each its own step. */
function experimentFile(name: string, labels: readonly string[]): string {
  const file = join(work, `${name}.ts`);
  const faults = labels.map(
    (app) =>
      `faults.podDelete({ name: 'kill-${app}', target: target.deployment({ namespace: '${TARGETS}', labels: { app: '${app}' } }), tunables: { podsAffectedPerc: 50 } })`,
  );
  writeFileSync(
    file,
    `import { experiment, faults, target } from 'chaosflow';\nexport default experiment({ name: '${name}', chaosNamespace: '${CHAOS_NAMESPACE}', chaosServiceAccount: '${name}-chaos', faults: [${faults.join(', ')}] });\n`,
  );
  return file;
}

async function plan(
  file: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'plan', file, '--cluster', ...args], {
      env: { ...process.env, KUBECONFIG: inject('kubeconfig') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface PlanJson {
  faults: {
    step: string;
    pods: number;
    affected: number;
    workloads: string[];
    checks: { check: string; ok: boolean; detail: string }[];
  }[];
}

describe.skipIf(inject('binDir') === '')('chaosflow plan --cluster, against a real API server', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), inject('binDir'));
    await deployTargets(config, TARGETS, ['web']);
    await serverSideApply(config, [
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'web', namespace: TARGETS },
        spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
      },
    ] as never);
    await until('the budget to be computed', async () => {
      const budget = (await config.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
        group: 'policy',
        version: 'v1',
        namespace: TARGETS,
        plural: 'poddisruptionbudgets',
        name: 'web',
      })) as { status?: { expectedPods?: number } };
      return budget.status?.expectedPods === 2 ? true : undefined;
    });
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
    rmSync(work, { recursive: true, force: true });
  });

  it('shows what each fault would hit, and exits 3 for a target without pods, a budget it would break and missing grants', async () => {
    const file = experimentFile('e2e-plan', ['web', 'ghost']);
    const result = await plan(file, '--json');
    expect(result.code, result.stderr).toBe(3);
    const { faults } = JSON.parse(result.stdout) as PlanJson;
    const [web, ghost] = faults;
    expect(web).toMatchObject({ step: 'kill-web', pods: 2, affected: 1, workloads: ['web'] });
    const check = (name: string) => web?.checks.find((item) => item.check === name);
    expect(check('target')).toEqual({
      check: 'target',
      ok: true,
      detail: `2 pods of web (deployment labelled app=web in ${TARGETS})`,
    });
    expect(check('disruption budget')).toEqual({
      check: 'disruption budget',
      ok: false,
      detail:
        'web allows 0 disruptions now; the fault would hit 1 pod, more than it allows (Litmus does not ask the budget)',
    });
    expect(check('permissions')?.ok).toBe(false);
    expect(check('permissions')?.detail).toContain(`delete pods in ${TARGETS}`);
    expect(ghost?.checks[0]).toEqual({
      check: 'target',
      ok: false,
      detail: `matches no pod: deployment labelled app=ghost in ${TARGETS}, and no workload`,
    });
    const text = await plan(file);
    expect(text.stdout).toContain('kill-web (pod-delete)\n  affects      1 of 2 pods\n  ✔ target ');
    expect(text.stdout).toContain('  ✖ disruption budget  web allows 0 disruptions now');
  });

  it('passes once the grants are in place and the budget allows the disruption', async () => {
    const file = experimentFile('e2e-plan-ok', ['web']);
    const built = execFileSync(process.execPath, [CLI, 'build', file, '--rbac', '--out', '-'], {
      encoding: 'utf8',
    });
    const objects = parseAllDocuments(built).map((document) => document.toJS() as KubeObject);
    await runs.apply(objects.filter((object) => object.kind !== 'WorkflowTemplate'));
    await serverSideApply(config, [
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'web', namespace: TARGETS },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      },
    ] as never);
    const result = await until('the plan to pass', async () => {
      const attempt = await plan(file, '--json');
      return attempt.code === 0 ? attempt : undefined;
    });
    const { faults } = JSON.parse(result.stdout) as PlanJson;
    expect(faults[0]?.checks.map((item) => [item.check, item.ok])).toEqual([
      ['target', true],
      ['disruption budget', true],
      ['experiment', true],
      ['permissions', true],
    ]);
  });
});
