import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'junit2json';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/k8s/objects.js';
import { CHAOS_NAMESPACE, ChaosRuns, deployTargets } from './chaos-runs.js';
import { type CliRun, chaosflowCli } from './cli-process.js';
import { until } from './until.js';

// `chaosflow run` as a user runs it: a process with a kubeconfig, against the real control plane, where Argo's
// controller runs the workflow and Litmus's chaos-operator and litmus-go run the chaos.
const config = new KubeConfig();
const TARGETS = `run-cli-${Date.now().toString(36)}`;
const CLI = fileURLToPath(new URL('../../bin/chaosflow.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'chaosflow-run-e2e-'));
let runs: ChaosRuns;

/** The DSL of a pod-delete of the `web` Deployment; `extra` is inserted into the fault's options. */
function podDelete(name: string, tunables: string, extra = ''): string {
  return [
    "import { experiment, faults, probe, target } from 'chaosflow';",
    'export default experiment({',
    `  name: '${name}',`,
    `  chaosNamespace: '${CHAOS_NAMESPACE}',`,
    `  chaosServiceAccount: '${name}-chaos',`,
    `  target: target.deployment({ namespace: '${TARGETS}', labels: { app: 'web' } }),`,
    `  faults: [faults.podDelete({ tunables: ${tunables}, ${extra} })],`,
    '});',
    '',
  ].join('\n');
}

/** Writes the experiment file and applies its RBAC from `chaosflow build --rbac`, as a user would once. */
async function experimentFile(name: string, text: string): Promise<string> {
  const file = join(work, `${name}.ts`);
  writeFileSync(file, text);
  const built = execFileSync(
    process.execPath,
    [CLI, 'build', file, '--kind', 'workflow', '--rbac', '--out', '-'],
    {
      encoding: 'utf8',
    },
  );
  const objects = parseAllDocuments(built).map((document) => document.toJS() as KubeObject);
  await runs.apply(objects.filter((object) => object.kind !== 'Workflow'));
  return file;
}

/** Runs `chaosflow run …` through pipes, as a CI job does. */
function chaosflowRun(args: string[], whileRunning?: Parameters<typeof chaosflowCli>[2]) {
  return chaosflowCli(['run', ...args], inject('kubeconfig'), whileRunning);
}

/**
 * Runs `chaosflow run …` on a real pseudo-terminal (util-linux `script`, so no native module is needed), as a
 * person at a terminal does; resolves with everything the terminal received.
 */
function chaosflowRunOnTerminal(args: string[]) {
  // A terminal 120 columns wide, as a person's would be (a pty made by `script` without one has no size).
  const command = `stty cols 120 rows 40; ${[process.execPath, CLI, 'run', ...args].map((word) => `'${word}'`).join(' ')}`;
  return new Promise<CliRun>((resolve) => {
    const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
      env: { ...process.env, KUBECONFIG: inject('kubeconfig') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr: stdout }));
  });
}

const submitted = (run: CliRun) => /submitted (\S+)\/(\S+)\n/.exec(run.stderr)?.[2] ?? '';

describe.skipIf(inject('binDir') === '')('chaosflow run, against real Argo and Litmus', () => {
  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    runs = new ChaosRuns(config, inject('kubeconfig'), inject('binDir'));
    await deployTargets(config, TARGETS, ['web']);
  });
  afterAll(async () => {
    await runs.removeClusterWide();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: TARGETS });
    rmSync(work, { recursive: true, force: true });
  });

  it('shows a passing run live on a terminal, redrawn in place; exits 0 and writes a JUnit report without failures', async () => {
    const file = await experimentFile(
      'e2e-run-pass',
      podDelete('e2e-run-pass', "{ totalChaosDuration: '10s', chaosInterval: '5s' }"),
    );
    const junit = join(work, 'pass.xml');
    const run = await chaosflowRunOnTerminal([
      file,
      '--report',
      `junit=${junit},md=${join(work, 'pass.md')}`,
    ]);
    expect(run.code, run.stdout).toBe(0);
    // log-update erases the last frame (cursor up, erase line) before drawing the next: many redraws, no log lines.
    const redraws = run.stdout.split('\u001b[1A').length - 1;
    expect(redraws).toBeGreaterThan(5);
    expect(run.stdout).not.toMatch(/\] pod-delete: verdict/);
    expect(run.stdout).toMatch(/litmus\/e2e-run-pass-\w+ {2}Running {2}\d\d:\d\d elapsed {2}\d\d:\d\d left/);
    expect(run.stdout).toMatch(/ {2}pod-delete {2}injecting chaos/);
    expect(run.stdout).toMatch(/ {2}pod-delete {2}Pass 100%/);
    expect(run.stdout).toMatch(
      / {2}pod-delete {2}Pass {2}probes 100%\r?\ne2e-run-pass passed: every verdict is Pass \(resiliency score 100\)\r?\n/,
    );
    const suite = await parse(readFileSync(junit, 'utf8'));
    const cases = suite && 'testsuite' in suite ? suite.testsuite?.[0] : undefined;
    expect(cases).toMatchObject({ name: 'e2e-run-pass', tests: 1, failures: 0, errors: 0, skipped: 0 });
    expect(cases?.testcase?.[0]).toMatchObject({ name: 'pod-delete', classname: 'e2e-run-pass.pod-delete' });
    expect(cases?.testcase?.[0]?.failure).toBeUndefined();
    expect(readFileSync(join(work, 'pass.md'), 'utf8')).toContain(
      '| pod-delete (`pod-delete`) | ✅ Pass | 100% |',
    );
    await runs.cleanedUp(await runs.workflow(submitted(run)));
  }, 420_000);

  it('follows a run in a pipe one line per change: each Litmus stage, the probe, the verdict; exits 3 when a probe fails', async () => {
    const failing = `probes: [probe.k8s({ name: 'config-present', mode: 'EOT', version: 'v1', resource: 'configmaps', namespace: '${TARGETS}', fieldSelector: 'metadata.name=never-created', operation: 'present', runProperties: { probeTimeout: '5s', interval: '1s', attempt: 1 } })]`;
    const file = await experimentFile(
      'e2e-run-fail',
      podDelete('e2e-run-fail', "{ totalChaosDuration: '10s', chaosInterval: '5s' }", failing),
    );
    const junit = join(work, 'fail.xml');
    const run = await chaosflowRun([file, '--report', `junit=${junit}`]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toMatch(/^\[00:\d\d \| \d\d:\d\d left\] run litmus\/e2e-run-fail-\w+: Running\n/m);
    expect(run.stdout).toMatch(/\] pod-delete: engine PreChaosCheck: /);
    expect(run.stdout).toMatch(/\] pod-delete: engine ChaosInject: /);
    expect(run.stdout).toContain('] pod-delete: probe config-present (EOT) Failed');
    expect(run.stdout).toMatch(/\] pod-delete: verdict Fail( \(.*\))?, probe success 0%, weight 10\n/);
    expect(run.stdout).toMatch(/e2e-run-fail chaos failed: a verdict is not Pass \(resiliency score 0\)\n$/);
    const suite = await parse(readFileSync(junit, 'utf8'));
    const cases = suite && 'testsuite' in suite ? suite.testsuite?.[0] : undefined;
    expect(cases).toMatchObject({ tests: 1, failures: 1, errors: 0 });
    expect(cases?.testcase?.[0]?.failure?.[0]?.message).toMatch(
      /^pod-delete \(pod-delete\): verdict Fail: .*probe config-present Failed/,
    );
  }, 420_000);

  it('stops the run on Ctrl-C, waits for the cleanup, and exits 4; Litmus says Stopped and nothing is left', async () => {
    const file = await experimentFile(
      'e2e-run-stop',
      podDelete('e2e-run-stop', "{ totalChaosDuration: '5m', chaosInterval: '3s', force: true }"),
    );
    let interrupted = false;
    const run = await chaosflowRun([file], ({ stdout }, signal) => {
      if (!interrupted && stdout.includes('pod-delete: engine ChaosInject')) {
        interrupted = true;
        signal('SIGINT');
      }
    });
    expect(interrupted, `${run.stdout}${run.stderr}`).toBe(true);
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toMatch(
      /stopping litmus\/e2e-run-stop-\w+: its exit handler reverts the chaos; waiting for it/,
    );
    expect(run.stdout).toContain('] run stopped: stopped from chaosflow run (Ctrl-C)\n');
    expect(run.stdout).toMatch(/e2e-run-stop did not complete: stopped from chaosflow run \(Ctrl-C\)/);
    const workflow = await runs.workflow(submitted(run));
    expect(workflow.status?.phase).toBe('Failed');
    await runs.cleanedUp(workflow);
    const result = await until('litmus-go to record Stopped', async () => {
      const found = await runs.result(workflow, 'pod-delete');
      return found.status?.experimentStatus?.verdict === 'Stopped' ? found : undefined;
    });
    expect(result.status?.experimentStatus?.verdict).toBe('Stopped');
  }, 420_000);

  it('submits with --detach, detaches on a second Ctrl-C (exit 130), and --follow attaches again', async () => {
    const file = await experimentFile(
      'e2e-run-detach',
      podDelete('e2e-run-detach', "{ totalChaosDuration: '5m', chaosInterval: '3s' }"),
    );
    const detached = await chaosflowRun([file, '--detach']);
    expect(detached.code, detached.stderr).toBe(0);
    const run = detached.stdout.trim();
    expect(run).toMatch(/^litmus\/e2e-run-detach-\w+$/);
    expect(detached.stderr).toContain(`follow it with: chaosflow run --follow ${run}\n`);
    let interrupts = 0;
    const twice = await chaosflowRun(['--follow', run], ({ stdout, stderr }, signal) => {
      // The second Ctrl-C once the first has been heard (two signals sent at once may arrive as one).
      const due =
        (interrupts === 0 && stdout.includes('pod-delete: engine ChaosInject')) ||
        (interrupts === 1 && stderr.includes(`stopping ${run}`));
      if (due) {
        interrupts += 1;
        signal('SIGINT');
      }
    });
    expect(interrupts, `${twice.stdout}${twice.stderr}`).toBe(2);
    expect(twice.code, twice.stderr).toBe(130);
    expect(twice.stderr).toContain(
      `detached from ${run}; follow it again with: chaosflow run --follow ${run}\n`,
    );
    // The first Ctrl-C stopped it: following again shows the cleanup to its end.
    const again = await chaosflowRun(['--follow', run]);
    expect(again.code, again.stderr).toBe(4);
    expect(again.stdout).toMatch(/e2e-run-detach did not complete: stopped from chaosflow run \(Ctrl-C\)/);
    await runs.cleanedUp(await runs.workflow(run.split('/')[1] ?? ''));
  }, 420_000);
});
