import type { V1EnvVar } from '@kubernetes/client-node';
import type { ChaosEngine, EngineExperiment } from './litmus-objects.js';

/** What chaos-runner takes from its own environment and the engine before it reads any env list. */
export interface RunnerValues {
  readonly engineName: string;
  readonly targets: string;
  readonly chaosNamespace: string;
  readonly auxiliaryAppInfo: string;
  readonly engineUid: string;
  readonly experimentName: string;
  /** The ChaosExperiment's pull policy, `Always` when it sets none. */
  readonly imagePullPolicy: string;
  readonly terminationGracePeriodSeconds: number;
  /** The engine's `spec.defaultHealthCheck`; false when unset. */
  readonly defaultHealthCheck: boolean;
  readonly serviceAccount: string;
}

/** Status check delay and timeout (seconds) when the engine sets none: chaos-runner's defaults. */
export const DEFAULT_STATUS_CHECK = { delay: 2, timeout: 180 } as const;

/** The experiment's env, and the INSTANCE_ID it found (the ChaosResult's name suffix). */
export interface ExperimentEnv {
  readonly env: V1EnvVar[];
  readonly instanceId: string;
  /** Seconds the runner waits for the experiment pod to leave Pending. */
  readonly statusCheckTimeout: number;
}

/**
 * The env of an experiment's Job, with chaos-runner's precedence (3.5.0 `pkg/utils/environment.go` SetENV,
 * `engineHelper.go` SetOverrideEnvFromChaosEngine, `builders.go` getEnvFromMap), later sources winning by name:
 * 1. the runner's values, each only when non-empty;
 * 2. the ChaosExperiment's `definition.env` (the fault's defaults, so a hub's `DEFAULT_HEALTH_CHECK` beats the
 *    engine's `spec.defaultHealthCheck`);
 * 3. the engine's `components.env` for this experiment, then STATUS_CHECK_DELAY and STATUS_CHECK_TIMEOUT;
 * 4. JOB_CLEANUP_POLICY from the engine, even when empty;
 * then POD_NAME from the downward API is appended.
 */
export function experimentEnv(
  values: RunnerValues,
  definitionEnv: readonly V1EnvVar[],
  engine: ChaosEngine,
): ExperimentEnv {
  const env = new Map<string, V1EnvVar>();
  for (const [name, value] of runnerEntries(values)) if (value !== '') env.set(name, { name, value });
  for (const variable of definitionEnv) env.set(variable.name, variable);
  const entry = engineEntry(engine, values.experimentName);
  const overrides = entry === undefined ? undefined : engineOverrides(entry);
  for (const variable of overrides?.env ?? []) env.set(variable.name, variable);
  env.set('JOB_CLEANUP_POLICY', { name: 'JOB_CLEANUP_POLICY', value: engine.spec.jobCleanUpPolicy ?? '' });
  const podName = {
    name: 'POD_NAME',
    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
  };
  return {
    env: [...env.values(), podName],
    instanceId: overrides?.instanceId ?? '',
    statusCheckTimeout: overrides?.statusCheckTimeout ?? DEFAULT_STATUS_CHECK.timeout,
  };
}

/** What the engine's entry for the experiment adds: its env, then the status check delay and timeout. */
function engineOverrides(entry: EngineExperiment): ExperimentEnv {
  const env = [...(entry.spec?.components?.env ?? [])];
  const instanceId = env.findLast((variable) => variable.name === 'INSTANCE_ID')?.value ?? '';
  const { delay, timeout } = statusCheck(entry);
  env.push(
    { name: 'STATUS_CHECK_DELAY', value: String(delay) },
    { name: 'STATUS_CHECK_TIMEOUT', value: String(timeout) },
  );
  return { env, instanceId, statusCheckTimeout: timeout };
}

function runnerEntries(values: RunnerValues): [string, string][] {
  return [
    ['CHAOSENGINE', values.engineName],
    ['TARGETS', values.targets],
    ['CHAOS_NAMESPACE', values.chaosNamespace],
    ['AUXILIARY_APPINFO', values.auxiliaryAppInfo],
    ['CHAOS_UID', values.engineUid],
    ['EXPERIMENT_NAME', values.experimentName],
    ['LIB_IMAGE_PULL_POLICY', values.imagePullPolicy],
    // Go's strconv.Itoa(0) is "0": never empty, so always set.
    ['TERMINATION_GRACE_PERIOD_SECONDS', String(values.terminationGracePeriodSeconds)],
    ['DEFAULT_HEALTH_CHECK', String(values.defaultHealthCheck)],
    ['CHAOS_SERVICE_ACCOUNT', values.serviceAccount],
  ];
}

/** The engine's entry for an experiment, by name. */
export function engineEntry(engine: ChaosEngine, experiment: string): EngineExperiment | undefined {
  return engine.spec.experiments.find((candidate) => candidate.name === experiment);
}

/** The engine's status check delay and timeout; a zero or missing field keeps the default. */
function statusCheck(entry: EngineExperiment): { delay: number; timeout: number } {
  const configured = entry.spec?.components?.statusCheckTimeouts ?? {};
  return {
    delay: configured.delay || DEFAULT_STATUS_CHECK.delay,
    timeout: configured.timeout || DEFAULT_STATUS_CHECK.timeout,
  };
}

/** The ChaosResult chaos-runner reads after the experiment: `<engine>-<experiment>[-<INSTANCE_ID>]`. */
export function resultName(engineName: string, experimentName: string, instanceId: string): string {
  const name = `${engineName}-${experimentName}`;
  return instanceId === '' ? name : `${name}-${instanceId}`;
}
