import { describe, expect, it } from 'vitest';
import type { ChaosEngine, ChaosExperiment } from './litmus-objects.js';
import { experimentJob, incompleteMount, jobPlan, mergeMounts } from './runner-job.js';

// The facts checked here are chaos-runner 3.5.0's (pkg/utils/builders.go, experimentHelper.go, engineHelper.go,
// configMapUtils.go, secretsUtils.go).
const experiment: ChaosExperiment = {
  metadata: { name: 'pod-delete', namespace: 'litmus' },
  spec: {
    definition: {
      image: 'litmuschaos/go-runner:3.28.0',
      command: ['/bin/bash'],
      args: ['-c', './experiments -name pod-delete'],
      labels: { name: 'pod-delete', 'app.kubernetes.io/component': 'experiment-job' },
      configMaps: [{ name: 'settings', mountPath: '/mnt/a' }],
    },
  },
};

const engine: ChaosEngine = {
  metadata: {
    name: 'pod-delete-abc',
    namespace: 'litmus',
    uid: 'uid-1',
    labels: { workflow_run_id: 'run-1', name: 'from-engine' },
  },
  spec: {
    experiments: [
      {
        name: 'pod-delete',
        spec: {
          components: {
            experimentImage: 'mirror.example/go-runner:3.28.0',
            configMaps: [
              { name: 'settings', mountPath: '/mnt/b' },
              { name: 'extra', mountPath: '/mnt/c' },
            ],
            tolerations: [{ key: 'dedicated', operator: 'Exists' }],
          },
        },
      },
    ],
  },
};

const plan = jobPlan(experiment, engine, {
  name: 'pod-delete-x1y2z3',
  serviceAccount: 'litmus-admin',
  env: [{ name: 'A', value: '1' }],
});

describe('the chaos-runner stand-in: the experiment Job', () => {
  it("labels the Job and its pod with the experiment's labels, chaosUID, then the engine's labels, which win", () => {
    expect(plan.labels).toEqual({
      name: 'from-engine',
      'app.kubernetes.io/component': 'experiment-job',
      chaosUID: 'uid-1',
      workflow_run_id: 'run-1',
    });
  });

  it('builds one container named after the Job, with the command and args of the ChaosExperiment', () => {
    const job = experimentJob(plan);
    expect(job.metadata?.name).toBe('pod-delete-x1y2z3');
    expect(job.spec?.backoffLimit).toBeUndefined();
    const pod = job.spec?.template.spec;
    expect(pod?.restartPolicy).toBe('Never');
    expect(pod?.serviceAccountName).toBe('litmus-admin');
    expect(pod?.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
    expect(pod?.containers).toEqual([
      {
        name: 'pod-delete-x1y2z3',
        image: 'mirror.example/go-runner:3.28.0',
        command: ['/bin/bash'],
        args: ['-c', './experiments -name pod-delete'],
        imagePullPolicy: 'Always',
        env: [{ name: 'A', value: '1' }],
        volumeMounts: [
          { name: 'settings', mountPath: '/mnt/b' },
          { name: 'extra', mountPath: '/mnt/c' },
        ],
      },
    ]);
    expect(pod?.volumes).toEqual([
      { name: 'settings', configMap: { name: 'settings' } },
      { name: 'extra', configMap: { name: 'extra' } },
    ]);
  });

  it("keeps the ChaosExperiment's image and pull policy when the engine sets neither", () => {
    const own = jobPlan(
      {
        ...experiment,
        spec: { definition: { ...experiment.spec.definition, imagePullPolicy: 'IfNotPresent' } },
      },
      { ...engine, spec: { experiments: [{ name: 'pod-delete' }] } },
      { name: 'j', serviceAccount: 's', env: [] },
    );
    expect([own.image, own.imagePullPolicy]).toEqual(['litmuschaos/go-runner:3.28.0', 'IfNotPresent']);
  });

  it("merges mounts: the engine's entry of the same name moves the mount, another is appended", () => {
    expect(
      mergeMounts(
        [
          { name: 'a', mountPath: '/a' },
          { name: 'b', mountPath: '/b' },
        ],
        [
          { name: 'b', mountPath: '/b2' },
          { name: 'c', mountPath: '/c' },
        ],
      ),
    ).toEqual([
      { name: 'a', mountPath: '/a' },
      { name: 'b', mountPath: '/b2' },
      { name: 'c', mountPath: '/c' },
    ]);
  });

  it('refuses a mount without a name or path, as the runner skips the experiment', () => {
    expect(
      incompleteMount({ configMaps: [{ name: '', mountPath: '/x' }], secrets: [], hostFileVolumes: [] }),
    ).toBe('Incomplete Information in ConfigMap, will skip execution');
    expect(
      incompleteMount({
        configMaps: [],
        secrets: [],
        hostFileVolumes: [{ name: 'h', mountPath: '/h', nodePath: '' }],
      }),
    ).toBe('Incomplete Information in HostFileVolume, will skip execution');
    expect(incompleteMount(plan)).toBeUndefined();
  });
});
