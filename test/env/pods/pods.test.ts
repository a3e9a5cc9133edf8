import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { imageName, type Launch, LocalImages } from './local-images.js';
import { containerEnv } from './pod-env.js';
import { deadlineExceededStatus, runningStatus, terminatedStatus } from './pod-status.js';

const binDir = mkdtempSync(join(tmpdir(), 'chaosflow-pods-bin-'));
const images = new LocalImages(binDir, mkdtempSync(join(tmpdir(), 'chaosflow-pods-work-')));

function pod(spec: NonNullable<V1Pod['spec']>, labels: Record<string, string> = {}): V1Pod {
  return { metadata: { name: 'p', namespace: 'litmus', uid: 'uid-1', labels }, spec };
}

const experimentPod = pod({
  serviceAccountName: 'litmus-admin',
  containers: [
    {
      name: 'pod-delete-abc123',
      image: 'litmuschaos.docker.scarf.sh/litmuschaos/go-runner:3.28.0',
      command: ['/bin/bash'],
      args: ['-c', './experiments -name pod-delete'],
      env: [
        { name: 'TOTAL_CHAOS_DURATION', value: '30' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ],
    },
  ],
});

const asLaunch = (launch: ReturnType<LocalImages['launch']>): Launch => {
  if ('refused' in launch) throw new Error(launch.refused);
  return launch;
};

describe('the pod runner: which pods it takes and how it runs them', () => {
  it('names an image by its last path segment, without registry, tag or digest', () => {
    expect(imageName('litmuschaos.docker.scarf.sh/litmuschaos/go-runner:3.28.0')).toBe('go-runner');
    expect(imageName('registry:5000/mirror/chaos-runner@sha256:abc')).toBe('chaos-runner');
    expect(imageName('nginx')).toBe('nginx');
  });

  it("takes Argo's step pods, chaos-runner and go-runner pods, and leaves workloads' pods to kwok", () => {
    expect(
      images.kindOf(pod({ containers: [{ name: 'main' }] }, { 'workflows.argoproj.io/workflow': 'w' })),
    ).toBe('argoexec');
    expect(images.kindOf(experimentPod)).toBe('go-runner');
    expect(
      images.kindOf(pod({ containers: [{ name: 'chaos-runner', image: 'litmuschaos/chaos-runner:3.5.0' }] })),
    ).toBe('chaos-runner');
    expect(images.kindOf(pod({ containers: [{ name: 'app', image: 'nginx:1.27' }] }))).toBeUndefined();
  });

  it("runs an experiment pod's own command where ./experiments is litmus-go told its kubeconfig, and kubectl is there", () => {
    const launch = asLaunch(images.launch(experimentPod, 'go-runner', '/k/config'));
    expect([launch.command, ...launch.args]).toEqual(['/bin/bash', '-c', './experiments -name pod-delete']);
    expect(launch.env).toMatchObject({ KUBECONFIG: '/k/config', TOTAL_CHAOS_DURATION: '30', POD_NAME: 'p' });
    expect(launch.env.PATH?.startsWith(`${launch.cwd}:`)).toBe(true);
    expect(readFileSync(join(launch.cwd, 'experiments'), 'utf8')).toContain(
      `'${join(binDir, 'experiments')}' -kubeconfig="$KUBECONFIG" "$@"`,
    );
    expect(readlinkSync(join(launch.cwd, 'kubectl'))).toBe(join(binDir, 'kubectl'));
    expect(launch.privatePath).toBeUndefined();
  });

  it("runs argoexec resource with the init container's template, with a manifest file of its own; refuses other templates", () => {
    const step = (args: string[]) =>
      pod(
        {
          initContainers: [{ name: 'init', env: [{ name: 'ARGO_TEMPLATE', value: '{"name":"t"}' }] }],
          containers: [
            { name: 'main', command: ['argoexec', 'emissary'], args, env: [{ name: 'A', value: '1' }] },
          ],
        },
        { 'workflows.argoproj.io/workflow': 'w' },
      );
    const launch = asLaunch(images.launch(step(['--', 'argoexec', 'resource', 'create']), 'argoexec', '/k'));
    expect([launch.command, ...launch.args]).toEqual([join(binDir, 'argoexec'), 'resource', 'create']);
    expect(launch.env).toMatchObject({ ARGO_TEMPLATE: '{"name":"t"}', A: '1', KUBECONFIG: '/k' });
    expect(launch.privatePath).toBe('/tmp/manifest.yaml');
    expect(images.launch(step(['--', 'sh', '-c', 'echo']), 'argoexec', '/k')).toEqual({
      refused: "chaosflow's pod runner only runs resource templates, not: argoexec emissary -- sh -c echo",
    });
  });

  it('plays chaos-runner with the stand-in, or with a real chaos-runner binary once one is built', () => {
    const runnerPod = pod({
      containers: [{ name: 'chaos-runner', image: 'litmuschaos/chaos-runner:3.5.0' }],
    });
    const standIn = asLaunch(images.launch(runnerPod, 'chaos-runner', '/k'));
    expect(standIn.command).toBe(process.execPath);
    expect(standIn.args.at(1)).toMatch(/test\/env\/litmus\/chaos-runner-main\.ts$/);
    expect(standIn.args.at(-1)).toBe('-kubeconfig=/k');
    writeFileSync(join(binDir, 'chaos-runner'), '', { mode: 0o755 });
    const real = asLaunch(images.launch(runnerPod, 'chaos-runner', '/k'));
    expect([real.command, ...real.args]).toEqual([join(binDir, 'chaos-runner'), '-kubeconfig=/k']);
  });

  it('resolves the downward-API fields these pods use, later entries winning', () => {
    const withFields = pod({
      serviceAccountName: 'sa',
      containers: [
        {
          name: 'c',
          env: [
            { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
            { name: 'X', value: 'first' },
            { name: 'X', value: 'second' },
          ],
        },
      ],
    });
    expect(containerEnv(withFields, withFields.spec?.containers[0] ?? { name: '' })).toEqual({
      NS: 'litmus',
      SA: 'sa',
      X: 'second',
    });
  });

  it('reports what chaos-operator waits for: Running and ready, then terminated Completed and not ready', () => {
    const started = new Date('2026-01-01T00:00:00Z');
    const running = runningStatus(experimentPod, started);
    expect(running.phase).toBe('Running');
    expect(running.containerStatuses?.[0]).toMatchObject({
      name: 'pod-delete-abc123',
      ready: true,
      state: { running: { startedAt: started } },
    });
    const done = terminatedStatus(experimentPod, {
      code: 0,
      message: '',
      startedAt: started,
      finishedAt: started,
    });
    expect(done.phase).toBe('Succeeded');
    expect(done.containerStatuses?.[0]).toMatchObject({
      ready: false,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    const failed = terminatedStatus(experimentPod, {
      code: 2,
      message: 'boom',
      startedAt: started,
      finishedAt: started,
    });
    expect([failed.phase, failed.message, failed.containerStatuses?.[0]?.state?.terminated?.reason]).toEqual([
      'Failed',
      'boom',
      'Error',
    ]);
  });

  it('reports a pod killed past its activeDeadlineSeconds as a kubelet does: Failed, DeadlineExceeded', () => {
    const started = new Date('2026-01-01T00:00:00Z');
    const killed = deadlineExceededStatus(experimentPod, {
      code: 143,
      message: '',
      startedAt: started,
      finishedAt: started,
    });
    expect([killed.phase, killed.reason, killed.message]).toEqual([
      'Failed',
      'DeadlineExceeded',
      'Pod was active on the node longer than the specified deadline',
    ]);
  });
});
