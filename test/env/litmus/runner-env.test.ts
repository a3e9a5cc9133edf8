import { describe, expect, it } from 'vitest';
import type { ChaosEngine } from './litmus-objects.js';
import { experimentEnv, type RunnerValues, resultName } from './runner-env.js';

// The facts checked here are chaos-runner 3.5.0's (pkg/utils/environment.go, engineHelper.go, builders.go).
const values: RunnerValues = {
  engineName: 'pod-delete-abc',
  targets: 'deployment:nginx:[app=nginx]',
  chaosNamespace: 'litmus',
  auxiliaryAppInfo: '',
  engineUid: 'uid-1',
  experimentName: 'pod-delete',
  imagePullPolicy: 'Always',
  terminationGracePeriodSeconds: 0,
  defaultHealthCheck: true,
  serviceAccount: 'litmus-admin',
};

function engine(spec: Partial<ChaosEngine['spec']> = {}): ChaosEngine {
  return {
    metadata: { name: 'pod-delete-abc', namespace: 'litmus', uid: 'uid-1' },
    spec: { experiments: [{ name: 'pod-delete' }], ...spec },
  };
}

const asRecord = (env: ReturnType<typeof experimentEnv>['env']) =>
  Object.fromEntries(env.map((variable) => [variable.name, variable.value ?? variable.valueFrom]));

describe('the chaos-runner stand-in: env of an experiment Job', () => {
  it('sets the runner values, leaving out only empty ones (a grace period of 0 is "0", not empty)', () => {
    const { env } = experimentEnv(values, [], engine());
    expect(env.map((variable) => variable.name)).toEqual([
      'CHAOSENGINE',
      'TARGETS',
      'CHAOS_NAMESPACE',
      'CHAOS_UID',
      'EXPERIMENT_NAME',
      'LIB_IMAGE_PULL_POLICY',
      'TERMINATION_GRACE_PERIOD_SECONDS',
      'DEFAULT_HEALTH_CHECK',
      'CHAOS_SERVICE_ACCOUNT',
      'STATUS_CHECK_DELAY',
      'STATUS_CHECK_TIMEOUT',
      'JOB_CLEANUP_POLICY',
      'POD_NAME',
    ]);
    expect(asRecord(env)).toMatchObject({
      TERMINATION_GRACE_PERIOD_SECONDS: '0',
      DEFAULT_HEALTH_CHECK: 'true',
      CHAOS_UID: 'uid-1',
      JOB_CLEANUP_POLICY: '',
    });
  });

  it("lets the ChaosExperiment's env beat the engine's spec fields: the hub's DEFAULT_HEALTH_CHECK wins", () => {
    const { env } = experimentEnv(values, [{ name: 'DEFAULT_HEALTH_CHECK', value: 'false' }], engine());
    expect(asRecord(env).DEFAULT_HEALTH_CHECK).toBe('false');
  });

  it("lets the engine's experiment env beat the ChaosExperiment's", () => {
    const { env } = experimentEnv(
      values,
      [
        { name: 'TOTAL_CHAOS_DURATION', value: '15' },
        { name: 'DEFAULT_HEALTH_CHECK', value: 'false' },
      ],
      engine({
        experiments: [
          {
            name: 'pod-delete',
            spec: {
              components: {
                env: [
                  { name: 'TOTAL_CHAOS_DURATION', value: '30' },
                  { name: 'DEFAULT_HEALTH_CHECK', value: 'true' },
                ],
              },
            },
          },
        ],
      }),
    );
    expect(asRecord(env)).toMatchObject({ TOTAL_CHAOS_DURATION: '30', DEFAULT_HEALTH_CHECK: 'true' });
    expect(env.filter((variable) => variable.name === 'TOTAL_CHAOS_DURATION')).toHaveLength(1);
  });

  it("keeps the ChaosExperiment's valueFrom entries as they are", () => {
    const fromField = { fieldRef: { fieldPath: 'spec.nodeName' } };
    const { env } = experimentEnv(values, [{ name: 'NODE', valueFrom: fromField }], engine());
    expect(env.find((variable) => variable.name === 'NODE')).toEqual({ name: 'NODE', valueFrom: fromField });
  });

  it('lets the engine override even the runner values, and appends POD_NAME from the downward API last', () => {
    const { env } = experimentEnv(
      values,
      [],
      engine({
        experiments: [
          { name: 'pod-delete', spec: { components: { env: [{ name: 'CHAOS_NAMESPACE', value: 'x' }] } } },
        ],
      }),
    );
    expect(asRecord(env).CHAOS_NAMESPACE).toBe('x');
    expect(env.at(-1)).toEqual({
      name: 'POD_NAME',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
    });
  });

  it('sets status check delay and timeout from the engine, keeping 2 s and 180 s for a missing or zero field', () => {
    const withChecks = (statusCheckTimeouts: { delay?: number; timeout?: number }) =>
      experimentEnv(
        values,
        [],
        engine({ experiments: [{ name: 'pod-delete', spec: { components: { statusCheckTimeouts } } }] }),
      );
    expect(asRecord(withChecks({}).env)).toMatchObject({
      STATUS_CHECK_DELAY: '2',
      STATUS_CHECK_TIMEOUT: '180',
    });
    const custom = withChecks({ delay: 0, timeout: 60 });
    expect(asRecord(custom.env)).toMatchObject({ STATUS_CHECK_DELAY: '2', STATUS_CHECK_TIMEOUT: '60' });
    expect(custom.statusCheckTimeout).toBe(60);
  });

  it('sets no status checks when the engine does not list the experiment, but always JOB_CLEANUP_POLICY', () => {
    const { env } = experimentEnv(
      values,
      [],
      engine({ experiments: [{ name: 'other' }], jobCleanUpPolicy: 'delete' }),
    );
    expect(env.map((variable) => variable.name)).not.toContain('STATUS_CHECK_DELAY');
    expect(asRecord(env).JOB_CLEANUP_POLICY).toBe('delete');
  });

  it("takes INSTANCE_ID from the engine's env as the suffix of the ChaosResult's name", () => {
    const { instanceId } = experimentEnv(
      values,
      [],
      engine({
        experiments: [
          { name: 'pod-delete', spec: { components: { env: [{ name: 'INSTANCE_ID', value: 'r2' }] } } },
        ],
      }),
    );
    expect(instanceId).toBe('r2');
    expect(resultName('pod-delete-abc', 'pod-delete', instanceId)).toBe('pod-delete-abc-pod-delete-r2');
    expect(resultName('pod-delete-abc', 'pod-delete', '')).toBe('pod-delete-abc-pod-delete');
  });
});
