import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import type { OutputKind } from '../../src/compile/output-kind.js';
import { type ExperimentProps, experiment, faults, guard, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { GUARD_ANNOTATIONS } from '../../src/model/guarded-run.js';
import { serverSideApply } from '../env/apply.js';
import { SIMULATOR_CONFIG_MAP, SIMULATOR_NAMESPACE_LABEL } from '../env/litmus/simulator.js';
import { hub } from '../helpers.js';
import { oneNamespace, spawnServe } from '../serve-process.js';
import { fakeDeployment, rolledOut } from './chaos-runs.js';
import { until } from './until.js';

// The emergency stop against the real API server and Argo's controller: runs started five ways (an argo submit of
// a file, from a WorkflowTemplate, from a CronWorkflow, by POST /v1/trigger, and by creating the Workflow as the
// Argo UI does), a guarded one, and a pipeline of someone else's that calls a ClusterWorkflowTemplate through
// templateRef (which only its engine names as chaosflow's), are all stopped by one POST /v1/stop to a chaosflow serve process; new runs
// are refused or stopped until `chaosflow stop --lift`. Engines are answered by the Litmus simulator, which holds
// them for ten minutes: only the stop can end these runs in time.
const run = promisify(execFile);
const config = new KubeConfig();
const SIM = `emergency-${Date.now().toString(36)}`;
const TOKEN = 'e2e-emergency-token';
const CLI = fileURLToPath(new URL('../../bin/chaosflow.js', import.meta.url));
const ARGO = { group: 'argoproj.io', version: 'v1alpha1', namespace: SIM, plural: 'workflows' } as const;
const LONG = { verdict: 'Pass', probeSuccessPercentage: '100', delaySeconds: 600 };
const QUICK = { verdict: 'Pass', probeSuccessPercentage: '100', delaySeconds: 2 };

interface Run {
  metadata: { name: string; uid: string; annotations?: Record<string, string> };
  spec: { shutdown?: string };
  status?: { phase?: string };
}

function compiled(props: Partial<ExperimentProps> & { name: string }, kind: OutputKind): KubeObject[] {
  const spec = {
    namespace: SIM,
    chaosNamespace: SIM,
    target: target.deployment({ namespace: SIM, labels: { app: 'web' } }),
    faults: [faults.podCpuHog({ tunables: { totalChaosDuration: '30s' } })],
    ...props,
  };
  return [...compileExperiment(experiment(spec), { hub: hub(), kind, rbac: true }).objects];
}

const argo = async (...args: string[]) =>
  (
    await run(join(inject('binDir'), 'argo'), ['--kubeconfig', inject('kubeconfig'), '-n', SIM, ...args], {
      encoding: 'utf8',
    })
  ).stdout.trim();

const chaosflow = (...args: string[]) =>
  run(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: inject('kubeconfig') },
  });

const readRun = async (name: string) =>
  (await config.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ ...ARGO, name })) as Run;

const readRunNodes = async (name: string) =>
  (
    (await readRun(name)) as Run & {
      status?: { nodes?: Record<string, { displayName: string; phase: string }> };
    }
  ).status?.nodes;

/** How many ChaosEngines a run has now. */
async function engineCountOf(name: string): Promise<number> {
  const { metadata } = await readRun(name);
  const engines = (await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace: SIM,
    plural: 'chaosengines',
    labelSelector: `workflow_run_id=${metadata.uid}`,
  })) as { items: unknown[] };
  return engines.items.length;
}

/** Waits until Argo's controller has created the run's ChaosEngine: the run is injecting (simulated) chaos. */
const injecting = (name: string) =>
  until(
    `${name} to create its engine`,
    async () => ((await engineCountOf(name)) > 0 ? true : undefined),
    120_000,
  );

const ended = (name: string) =>
  until(
    `${name} to end`,
    async () => {
      const workflow = await readRun(name);
      return ['Succeeded', 'Failed', 'Error'].includes(workflow.status?.phase ?? '') ? workflow : undefined;
    },
    180_000,
  );

/** A pipeline of someone else's: one step that calls the ClusterWorkflowTemplate `name` through templateRef. */
function pipelineCalling(name: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'e2e-release-', namespace: SIM },
    spec: {
      serviceAccountName: 'argo-chaos',
      entrypoint: 'release',
      templates: [
        {
          name: 'release',
          steps: [[{ name: 'chaos', templateRef: { name, template: 'chaos', clusterScope: true } }]],
        },
      ],
    },
  } as unknown as KubeObject;
}

async function engineCount(): Promise<number> {
  const engines = (await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    group: 'litmuschaos.io',
    version: 'v1alpha1',
    namespace: SIM,
    plural: 'chaosengines',
  })) as { items: unknown[] };
  return engines.items.length;
}

describe.skipIf(inject('binDir') === '')('the emergency stop', () => {
  let serve: { port: number; stop: () => void } | undefined;
  let health: Server;
  const api = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${serve?.port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    config.loadFromFile(inject('kubeconfig'));
    const web = fakeDeployment(SIM, 'web');
    web.metadata.annotations = { 'litmuschaos.io/chaos': 'true' };
    const outcomes = Object.fromEntries(
      ['file', 'template', 'cron', 'triggered', 'api', 'guarded', 'pipeline', 'late', 'approved'].map(
        (source) => [`e2e-estop-${source}`, JSON.stringify(LONG)],
      ),
    );
    await serverSideApply(config, [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: SIM, labels: { ...SIMULATOR_NAMESPACE_LABEL } },
      },
    ] as never);
    await until('the default service account', () =>
      config.makeApiClient(CoreV1Api).readNamespacedServiceAccount({ name: 'default', namespace: SIM }),
    );
    await serverSideApply(config, [
      web,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: SIMULATOR_CONFIG_MAP, namespace: SIM },
        data: { ...outcomes, 'e2e-estop-lifted': JSON.stringify(QUICK) },
      },
      ...compiled({ name: 'e2e-estop-template' }, 'template'),
      ...compiled({ name: 'e2e-estop-lifted' }, 'template'),
      ...compiled({ name: 'e2e-estop-late' }, 'template'),
      ...compiled({ name: 'e2e-estop-approved', approval: { timeout: '10m' } }, 'template'),
      ...compiled({ name: 'e2e-estop-cron', schedule: { cron: '0 0 1 1 *', suspend: true } }, 'cron'),
      ...compiled({ name: 'e2e-estop-triggered', target: target.fromParameters() }, 'template'),
      ...compiled({ name: 'e2e-estop-pipeline' }, 'cluster-template'),
    ] as never);
    await rolledOut(config, SIM, 'web');
    health = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((listening) => health.listen(0, '127.0.0.1', listening));
    const started = await spawnServe(
      [...oneNamespace(SIM), '--port', '0', '--resync', '10s'],
      inject('kubeconfig'),
      TOKEN,
    );
    serve = { port: started.port, stop: () => started.child.kill('SIGTERM') };
  });
  afterAll(async () => {
    serve?.stop();
    health?.close();
    await config.makeApiClient(CoreV1Api).deleteNamespace({ name: SIM });
    await config.makeApiClient(CustomObjectsApi).deleteClusterCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'clusterworkflowtemplates',
      name: 'e2e-estop-pipeline',
    });
  });

  it('stops seven runs started seven ways at once, refuses and stops new ones until lifted, then lets them run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chaosflow-e2e-')), 'run.yaml');
    const pipelineFile = join(dirname(file), 'pipeline.yaml');
    writeFileSync(pipelineFile, stringify(pipelineCalling('e2e-estop-pipeline')));
    const [fileRun, ...fileRbac] = compiled({ name: 'e2e-estop-file' }, 'workflow');
    await serverSideApply(config, fileRbac as never);
    writeFileSync(file, stringify(fileRun));
    const [apiRun, ...apiRbac] = compiled({ name: 'e2e-estop-api' }, 'workflow');
    await serverSideApply(config, apiRbac as never);
    const healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/`;
    const [guardedRun, ...guardedRbac] = compiled(
      { name: 'e2e-estop-guarded', abortWhen: [guard.http({ name: 'health', url: healthUrl })] },
      'workflow',
    );
    await serverSideApply(config, guardedRbac as never);
    const triggered = await api('/v1/trigger', {
      workflowId: 'e2e-estop-triggered',
      target: { namespace: SIM, kind: 'deployment', name: 'web' },
      revision: 'r1',
    });
    expect(triggered.status).toBe(202);
    const names = [
      await argo('submit', file, '-o', 'name'),
      await argo('submit', '--from', 'workflowtemplate/e2e-estop-template', '-o', 'name'),
      await argo('submit', '--from', 'cronwf/e2e-estop-cron', '-o', 'name'),
      await argo('submit', pipelineFile, '-o', 'name'),
      ((await triggered.json()) as { workflowName: string }).workflowName,
      (
        (await config
          .makeApiClient(CustomObjectsApi)
          .createNamespacedCustomObject({ ...ARGO, body: apiRun })) as Run
      ).metadata.name,
      (
        (await config
          .makeApiClient(CustomObjectsApi)
          .createNamespacedCustomObject({ ...ARGO, body: guardedRun })) as Run
      ).metadata.name,
    ];
    for (const name of names) await injecting(name);
    expect(await engineCount()).toBe(7);

    const stopped = await api('/v1/stop', { reason: 'e2e drill' });
    expect(await stopped.json()).toEqual({ emergencyStop: true, reason: 'e2e drill' });
    const runs = await Promise.all(names.map(ended));
    for (const workflow of runs) {
      expect(workflow.status?.phase).toBe('Failed');
      expect(workflow.spec.shutdown).toBe('Stop');
      expect(workflow.metadata.annotations?.[GUARD_ANNOTATIONS.reason]).toMatch(
        /^emergency stop: e2e drill \(/,
      );
    }
    await until(
      'every engine to be gone',
      async () => ((await engineCount()) === 0 ? true : undefined),
      120_000,
    );
    const events = await config.makeApiClient(CoreV1Api).listNamespacedEvent({
      namespace: SIM,
      fieldSelector: 'reason=ChaosEmergencyStop',
    });
    expect(new Set(events.items.map((event) => event.involvedObject.name))).toEqual(new Set(names));
    const metrics = await (await fetch(`http://127.0.0.1:${serve?.port}/metrics`)).text();
    expect(metrics).toContain('chaosflow_emergency_stop 1');
    expect(metrics).toContain('chaosflow_emergency_stopped_runs_total{workflow_id="e2e-estop-cron"} 1');

    // While it is on: a request is refused, and a run started anyway is stopped at once.
    const refused = await api('/v1/trigger', {
      workflowId: 'e2e-estop-triggered',
      target: { namespace: SIM, kind: 'deployment', name: 'web' },
      revision: 'r2',
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /^the emergency stop is on \(e2e drill\)/,
    );
    const late = await argo('submit', '--from', 'workflowtemplate/e2e-estop-late', '-o', 'name');
    expect((await ended(late)).spec.shutdown).toBe('Stop');

    const lifted = await chaosflow('stop', '--lift', '--namespace', SIM);
    expect(lifted.stdout).toBe(
      `emergency stop lifted (ConfigMap ${SIM}/chaosflow-trigger): runs may start again\n`,
    );
    await until('the service to see the stop lifted', async () =>
      (await (await fetch(`http://127.0.0.1:${serve?.port}/metrics`)).text()).includes(
        'chaosflow_emergency_stop 0',
      )
        ? true
        : undefined,
    );
    const after = await argo('submit', '--from', 'workflowtemplate/e2e-estop-lifted', '-o', 'name');
    const done = await ended(after);
    expect(done.status?.phase).toBe('Succeeded');
    expect(done.spec.shutdown).toBeUndefined();
  }, 600_000);

  it('chaosflow stop --all stops running runs itself, with no service running, and says which', async () => {
    serve?.stop();
    serve = undefined;
    const cli = await argo('submit', '--from', 'workflowtemplate/e2e-estop-template', '-o', 'name');
    await injecting(cli);
    const { stdout } = await chaosflow(
      'stop',
      '--all',
      '--reason',
      'cli drill',
      '--namespace',
      SIM,
      '--run-namespace',
      SIM,
    );
    expect(stdout.split('\n')).toEqual([
      `emergency stop on (ConfigMap ${SIM}/chaosflow-trigger): cli drill`,
      `stopped ${SIM}/${cli} (e2e-estop-template)`,
      'stopped 1 running run; chaosflow serve pauses triggers and stops any run that starts, until `chaosflow stop --lift`',
      '',
    ]);
    const workflow = await ended(cli);
    expect(workflow.metadata.annotations?.[GUARD_ANNOTATIONS.reason]).toMatch(
      /^emergency stop: cli drill \(/,
    );
    const switchData = (
      await config
        .makeApiClient(CoreV1Api)
        .readNamespacedConfigMap({ name: 'chaosflow-trigger', namespace: SIM })
    ).data;
    expect(switchData).toEqual({ stop: 'true', stopReason: 'cli drill' });
    await chaosflow('stop', '--lift', '--namespace', SIM);
  }, 300_000);

  it('holds runs to the blast-radius policy when they start: the second run in a namespace allowing one is stopped, and a run that waited for an approval is judged when released', async () => {
    const policy = join(mkdtempSync(join(tmpdir(), 'chaosflow-e2e-')), 'policy.yaml');
    writeFileSync(policy, 'maxConcurrentRunsPerNamespace: 1\n');
    const started = await spawnServe(
      [...oneNamespace(SIM), '--port', '0', '--policy', policy],
      inject('kubeconfig'),
      TOKEN,
    );
    try {
      const first = await argo('submit', '--from', 'workflowtemplate/e2e-estop-template', '-o', 'name');
      await injecting(first);
      const second = await argo('submit', '--from', 'workflowtemplate/e2e-estop-late', '-o', 'name');
      const refused = await ended(second);
      expect(refused.spec.shutdown).toBe('Stop');
      expect(refused.metadata.annotations?.[GUARD_ANNOTATIONS.reason]).toMatch(
        new RegExp(
          `^blast-radius policy: 1 run already running in namespace ${SIM}; the policy's maxConcurrentRunsPerNamespace is 1 \\(`,
        ),
      );
      expect((await readRun(first)).spec.shutdown).toBeUndefined();

      // A run that waits for an approval is judged when it is released, when its chaos would start: it waits
      // unjudged beside the running one, and is stopped when released while that one still runs.
      const approved = await argo('submit', '--from', 'workflowtemplate/e2e-estop-approved', '-o', 'name');
      await until(
        `${approved} to wait at its approval`,
        async () =>
          Object.values((await readRunNodes(approved)) ?? {}).some(
            (node) => node.displayName === 'approval' && node.phase === 'Running',
          )
            ? true
            : undefined,
        60_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect((await readRun(approved)).spec.shutdown).toBeUndefined();
      await argo('resume', approved);
      const refusedLater = await ended(approved);
      expect(refusedLater.spec.shutdown).toBe('Stop');
      expect(refusedLater.metadata.annotations?.[GUARD_ANNOTATIONS.reason]).toMatch(
        new RegExp(
          `^blast-radius policy: 1 run already running in namespace ${SIM}; the policy's maxConcurrentRunsPerNamespace is 1 \\(`,
        ),
      );
      expect(await engineCountOf(approved)).toBe(0);
      await config
        .makeApiClient(CustomObjectsApi)
        .patchNamespacedCustomObject(
          { ...ARGO, name: first, body: { spec: { shutdown: 'Stop' } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
      await ended(first);
    } finally {
      started.child.kill('SIGTERM');
    }
  }, 300_000);
});
