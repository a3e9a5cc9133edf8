import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  type ChaosEngine,
  type ChaosExperiment,
  type ChaosResult,
  type ExperimentStatus,
  LITMUS,
} from './litmus-objects.js';
import { experimentEnv, resultName } from './runner-env.js';
import { type ExperimentJobPlan, experimentJob, incompleteMount, jobPlan } from './runner-job.js';
import { experimentStatus, withStatus } from './runner-status.js';

/** What chaos-operator passes the runner pod in its env (`getChaosRunnerENV`). */
export interface RunnerEnvironment {
  readonly engineName: string;
  readonly namespace: string;
  readonly experiments: readonly string[];
  readonly serviceAccount: string;
  readonly targets: string;
  readonly auxiliaryAppInfo: string;
}

/** Reads the runner's environment as chaos-runner 3.5.0 does (`SetEngineDetails`). */
export function runnerEnvironment(env: NodeJS.ProcessEnv): RunnerEnvironment {
  return {
    engineName: env.CHAOSENGINE ?? '',
    namespace: env.CHAOS_NAMESPACE ?? '',
    experiments: (env.EXPERIMENT_LIST ?? '').split(','),
    serviceAccount: env.CHAOS_SVC_ACC ?? '',
    targets: env.TARGETS ?? '',
    auxiliaryAppInfo: env.AUXILIARY_APPINFO ?? '',
  };
}

/** Raised for an experiment that cannot run; the runner marks it Skipped and goes on with the next. */
class ExperimentSkipped extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** An experiment ready to launch: its Job's plan, and what the runner keeps for following it. */
interface PreparedExperiment {
  readonly name: string;
  readonly plan: ExperimentJobPlan;
  /** The engine's INSTANCE_ID for this experiment: the ChaosResult's name suffix. */
  readonly instanceId: string;
  /** Seconds the runner waits for the Job's pod to appear and to leave Pending. */
  readonly statusCheckTimeout: number;
}

/** Seconds between two looks at the experiment pod, as in chaos-runner. */
const POLL_SECONDS = 2;

/**
 * A STAND-IN for LitmusChaos's chaos-runner, which the Go module proxy here does not serve, written from
 * chaos-runner 3.5.0's source (`bin/runner.go`, `pkg/utils/*`). It does to the API what the runner does, in the
 * same order and with the same strings: marks every experiment `Waiting for Job Creation`; for each, in turn,
 * checks the ChaosExperiment, builds the env with the runner's precedence, validates ConfigMaps and Secrets,
 * creates the Job, follows its pod every 2 s (marking the experiment `Running`/`Awaited`), copies the
 * ChaosResult's verdict into the engine, applies `jobCleanUpPolicy`, and records the runner's Events on the
 * engine. What it leaves out: analytics, sidecars (refused as a skip: chaosflow never asks for them) and
 * OpenTelemetry. Where the real runner fails on an update conflict, this one retries it.
 */
export class ChaosRunnerStandIn {
  private readonly core: CoreV1Api;
  private readonly batch: BatchV1Api;
  private readonly custom: CustomObjectsApi;
  private engineUid = '';

  constructor(
    config: KubeConfig,
    private readonly env: RunnerEnvironment,
    private readonly log: (line: string) => void,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.batch = config.makeApiClient(BatchV1Api);
    this.custom = config.makeApiClient(CustomObjectsApi);
  }

  /** Runs every experiment of the engine, one after the other. */
  async run(): Promise<void> {
    const engine = await this.engine();
    this.engineUid = engine.metadata.uid;
    this.log(`Experiments: ${this.env.experiments.join(',')}, engine ${this.env.engineName}`);
    await this.updateEngine((current) => ({
      ...current,
      status: {
        ...current.status,
        experiments: [
          ...(current.status?.experiments ?? []),
          ...this.env.experiments.map((name) => experimentStatus.waiting(name, this.env.engineName)),
        ],
      },
    }));
    for (const name of this.env.experiments) await this.runExperiment(name);
  }

  private async runExperiment(name: string): Promise<void> {
    const experiment = await this.chaosExperiment(name);
    if (experiment === undefined) {
      this.log(`unable to get ChaosExperiment ${name} in namespace ${this.env.namespace}`);
      await this.patchStatus(experimentStatus.notFound(name, this.env.engineName));
      await this.event('ExperimentNotFound', 'Warning', name, skippedMessage(name));
      return;
    }
    try {
      const prepared = await this.prepare(experiment);
      await this.event(
        'ExperimentDependencyCheck',
        'Normal',
        name,
        `Experiment resources validated for Chaos Experiment: ${name}`,
      );
      await this.launch(prepared);
      const pod = await this.watchUntilDone(prepared);
      await this.copyVerdict(prepared, pod).catch((error: unknown) =>
        this.log(`unable to Update ChaosEngine Status, error: ${describe(error)}`),
      );
      await this.cleanUp(prepared);
    } catch (error) {
      if (!(error instanceof ExperimentSkipped)) throw error;
      this.log(`${error.reason}: ${error.message}`);
      await this.event(error.reason, 'Warning', name, skippedMessage(name));
      await this.patchStatus(experimentStatus.skipped(name, this.env.engineName));
    }
  }

  /** Gathers the Job's plan: attributes, env and mounts (`SetValueFromChaosResources`, `SetENV`, `PatchResources`). */
  private async prepare(experiment: ChaosExperiment): Promise<PreparedExperiment> {
    const engine = await this.engine();
    if (sidecarEnabled(engine))
      throw new ExperimentSkipped('SideCarPatchError', 'sidecars are not supported by the stand-in');
    const definition = experiment.spec.definition;
    const { env, instanceId, statusCheckTimeout } = experimentEnv(
      {
        engineName: this.env.engineName,
        targets: this.env.targets,
        chaosNamespace: this.env.namespace,
        auxiliaryAppInfo: this.env.auxiliaryAppInfo,
        engineUid: this.engineUid,
        experimentName: experiment.metadata.name,
        imagePullPolicy: definition.imagePullPolicy || 'Always',
        terminationGracePeriodSeconds: engine.spec.terminationGracePeriodSeconds ?? 0,
        defaultHealthCheck: engine.spec.defaultHealthCheck === true,
        serviceAccount: this.env.serviceAccount,
      },
      definition.env ?? [],
      engine,
    );
    const plan = jobPlan(experiment, engine, {
      name: `${experiment.metadata.name}-${randomSuffix()}`,
      serviceAccount: this.env.serviceAccount,
      env,
    });
    const incomplete = incompleteMount(plan);
    if (incomplete !== undefined) throw new ExperimentSkipped('ExperimentDependencyCheck', incomplete);
    await this.checkMountedObjectsExist(plan);
    return { name: experiment.metadata.name, plan, instanceId, statusCheckTimeout };
  }

  private async checkMountedObjectsExist(plan: ExperimentJobPlan): Promise<void> {
    const namespace = plan.namespace;
    for (const { name } of plan.configMaps) {
      await this.core.readNamespacedConfigMap({ name, namespace }).catch((error: unknown) => {
        throw new ExperimentSkipped(
          'ExperimentDependencyCheck',
          `unable to get ConfigMap with Name: ${name}, in namespace: ${namespace}, error: ${describe(error)}`,
        );
      });
    }
    for (const { name } of plan.secrets) {
      await this.core.readNamespacedSecret({ name, namespace }).catch((error: unknown) => {
        throw new ExperimentSkipped(
          'ExperimentDependencyCheck',
          `unable to get Secret with Name: ${name}, in namespace: ${namespace}, error: ${describe(error)}`,
        );
      });
    }
  }

  private async launch({ name, plan }: PreparedExperiment): Promise<void> {
    await this.batch
      .createNamespacedJob({ namespace: plan.namespace, body: experimentJob(plan) })
      .catch((error: unknown) => {
        throw new ExperimentSkipped(
          'ExperimentDependencyCheck',
          `unable to launch ChaosExperiment Job, error: ${describe(error)}`,
        );
      });
    await this.event(
      'ExperimentJobCreate',
      'Normal',
      name,
      `Experiment Job ${plan.jobName} for Chaos Experiment: ${name}`,
    );
    this.log(`Started Chaos Experiment Name: ${name}, with Job Name: ${plan.jobName}`);
  }

  /**
   * Follows the Job's pod until its experiment container has ended (`WatchChaosContainerForCompletion`),
   * marking the experiment Running/Awaited at every look; returns the pod's name.
   */
  private async watchUntilDone({
    name,
    plan,
    statusCheckTimeout: timeout,
  }: PreparedExperiment): Promise<string> {
    for (;;) {
      const pod = await this.chaosPod(plan, timeout);
      const podName = pod.metadata?.name ?? '';
      const state = experimentPodState(pod, plan.jobName);
      if (state === 'done') return podName;
      if (state === 'failed')
        throw new ExperimentSkipped(
          'ChaosContainerWatchNotPermitted',
          'status check failed as chaos pod status is Failed',
        );
      if (state === 'pending') await this.waitWhilePending(plan, timeout);
      else {
        await this.patchStatus(experimentStatus.running(name, this.env.engineName, podName));
        await sleep(POLL_SECONDS * 1000);
      }
    }
  }

  private async waitWhilePending(plan: ExperimentJobPlan, timeout: number): Promise<void> {
    for (let attempt = 0; attempt < timeout / POLL_SECONDS; attempt += 1) {
      const pod = await this.chaosPod(plan, timeout);
      if (pod.status?.phase !== 'Pending') return;
      await sleep(POLL_SECONDS * 1000);
    }
    throw new ExperimentSkipped('ChaosContainerWatchNotPermitted', 'chaos pod is in Pending state');
  }

  /** The one pod of the Job (`GetChaosPod`): retried every 2 s up to the status check timeout. */
  private async chaosPod(plan: ExperimentJobPlan, timeout: number): Promise<V1Pod> {
    let problem = 'no pod';
    for (let attempt = 0; attempt < Math.max(1, timeout / POLL_SECONDS); attempt += 1) {
      const found = await this.jobPods(plan);
      if (found.pods.length === 1 && found.pods[0] !== undefined) return found.pods[0];
      problem =
        found.problem ?? (found.pods.length > 1 ? 'Multiple pods exist with same job-name label' : problem);
      await sleep(POLL_SECONDS * 1000);
    }
    throw new ExperimentSkipped(
      'ChaosContainerWatchNotPermitted',
      `unable to get the chaos pod, error: ${problem}`,
    );
  }

  private async jobPods(plan: ExperimentJobPlan): Promise<{ pods: V1Pod[]; problem?: string }> {
    try {
      const list = await this.core.listNamespacedPod({
        namespace: plan.namespace,
        labelSelector: `job-name=${plan.jobName}`,
      });
      return { pods: list.items };
    } catch (error) {
      return { pods: [], problem: describe(error) };
    }
  }

  /** Copies the ChaosResult's verdict into the engine (`UpdateEngineWithResult`). */
  private async copyVerdict({ name, instanceId }: PreparedExperiment, pod: string): Promise<void> {
    const result = (await this.custom.getNamespacedCustomObject({
      ...LITMUS,
      namespace: this.env.namespace,
      plural: 'chaosresults',
      name: resultName(this.env.engineName, name, instanceId),
    })) as ChaosResult;
    const verdict = result.status?.experimentStatus?.verdict ?? '';
    await this.patchStatus(
      experimentStatus.completed(result.spec.experiment, this.env.engineName, pod, verdict),
    );
    this.log(`Chaos Engine has been updated with result, Experiment Name: ${name}, verdict: ${verdict}`);
  }

  /** Deletes or keeps the Job as the engine's `jobCleanUpPolicy` says (`DeleteJobAccordingToJobCleanUpPolicy`). */
  private async cleanUp({ name, plan }: PreparedExperiment): Promise<void> {
    const policy = (await this.engine()).spec.jobCleanUpPolicy ?? '';
    if (policy === 'delete') {
      await this.batch.deleteNamespacedJob({
        name: plan.jobName,
        namespace: plan.namespace,
        propagationPolicy: 'Foreground',
      });
      this.log(`${plan.jobName} job is deleted successfully`);
    } else if (policy !== 'retain' && policy !== '') {
      this.log(`unable to Delete ChaosExperiment Job, error: ${policy} jobCleanUpPolicy not supported`);
    }
    const fate =
      policy === 'delete' ? `: ${plan.jobName} will be deleted` : ` ${plan.jobName} will be retained`;
    await this.event('ExperimentJobCleanUp', 'Normal', name, `Experiment Job${fate}`);
  }

  private async engine(): Promise<ChaosEngine> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 180; attempt += 1) {
      try {
        return (await this.custom.getNamespacedCustomObject({
          ...LITMUS,
          namespace: this.env.namespace,
          plural: 'chaosengines',
          name: this.env.engineName,
        })) as ChaosEngine;
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(
      `unable to get ChaosEngine name: ${this.env.engineName}, in namespace: ${this.env.namespace}, error: ${describe(lastError)}`,
    );
  }

  private async chaosExperiment(name: string): Promise<ChaosExperiment | undefined> {
    return (await this.custom
      .getNamespacedCustomObject({
        ...LITMUS,
        namespace: this.env.namespace,
        plural: 'chaosexperiments',
        name,
      })
      .catch(() => undefined)) as ChaosExperiment | undefined;
  }

  private async patchStatus(status: ExperimentStatus): Promise<void> {
    await this.updateEngine((engine) => {
      const experiments = withStatus(engine.status?.experiments ?? [], status);
      if (experiments === undefined)
        throw new Error(
          `unable to find the status for Experiment: ${status.name} in ChaosEngine: ${engine.metadata.name}`,
        );
      return { ...engine, status: { ...engine.status, experiments } };
    });
  }

  /** Reads the engine, changes it and writes it back with Update, retrying on a conflict. */
  private async updateEngine(change: (engine: ChaosEngine) => ChaosEngine): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const body = change(await this.engine());
      try {
        await this.custom.replaceNamespacedCustomObject({
          ...LITMUS,
          namespace: this.env.namespace,
          plural: 'chaosengines',
          name: this.env.engineName,
          body,
        });
        return;
      } catch (error) {
        if (!(error instanceof ApiException && error.code === 409) || attempt >= 10) throw error;
      }
    }
  }

  /**
   * Records an Event on the engine as the runner does (`GenerateEvents`): named reason + experiment + engine UID,
   * so a repeat bumps the count of the same Event.
   */
  private async event(reason: string, type: string, experiment: string, message: string): Promise<void> {
    const name = `${reason}${experiment}${this.engineUid}`;
    const namespace = this.env.namespace;
    const now = new Date();
    try {
      const existing = await this.core.readNamespacedEvent({ name, namespace }).catch((error: unknown) => {
        if (error instanceof ApiException && error.code === 404) return undefined;
        throw error;
      });
      if (existing !== undefined) {
        await this.core.replaceNamespacedEvent({
          name,
          namespace,
          body: { ...existing, lastTimestamp: now, count: (existing.count ?? 0) + 1, message },
        });
        return;
      }
      await this.core.createNamespacedEvent({
        namespace,
        body: {
          metadata: { name, namespace },
          source: { component: `${this.env.engineName}-runner` },
          message,
          reason,
          type,
          count: 1,
          firstTimestamp: now,
          lastTimestamp: now,
          involvedObject: {
            apiVersion: 'litmuschaos.io/v1alpha1',
            kind: 'ChaosEngine',
            name: this.env.engineName,
            namespace,
            uid: this.engineUid,
          },
        },
      });
    } catch (error) {
      this.log(`unable to create event, err: ${describe(error)}`);
    }
  }
}

function skippedMessage(experiment: string): string {
  return `Experiment Job creation failed, skipping Chaos Experiment: ${experiment}`;
}

function sidecarEnabled(engine: ChaosEngine): boolean {
  const enabled = engine.metadata.annotations?.['sidecar/enabled'];
  return enabled !== undefined && enabled !== 'false';
}

/**
 * Where the experiment pod is (`GetChaosContainerStatus`): done once it Succeeded, or once it runs and its
 * experiment container (whose name contains the Job's name) has terminated.
 */
function experimentPodState(pod: V1Pod, jobName: string): 'done' | 'failed' | 'pending' | 'running' {
  switch (pod.status?.phase) {
    case 'Succeeded':
      return 'done';
    case 'Failed':
      return 'failed';
    case 'Pending':
      return 'pending';
    case 'Running': {
      const running = (pod.status.containerStatuses ?? []).some(
        (container) => container.name.includes(jobName) && container.state?.terminated === undefined,
      );
      return running ? 'running' : 'done';
    }
    default:
      return 'running';
  }
}

/** Six characters of [a-z0-9], as chaos-runner's RandomString(6). */
function randomSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 6 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

function describe(error: unknown): string {
  if (error instanceof ApiException) return `${error.code} ${String(error.body).slice(0, 300)}`;
  return error instanceof Error ? error.message : String(error);
}
