import type {
  V1Container,
  V1EnvVar,
  V1Job,
  V1PodSpec,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import type {
  ChaosEngine,
  ChaosExperiment,
  EngineExperiment,
  ExperimentDefinition,
  HostFile,
  MountedObject,
} from './litmus-objects.js';
import { engineEntry } from './runner-env.js';

/** Pull policy chaos-runner gives an experiment whose ChaosExperiment sets none. */
export const DEFAULT_EXPERIMENT_PULL_POLICY = 'Always';

/** Everything the Job of one experiment is built from, gathered from the ChaosExperiment and the engine. */
export interface ExperimentJobPlan {
  readonly jobName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly command?: string[] | undefined;
  readonly args?: string[] | undefined;
  readonly env: V1EnvVar[];
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string> | undefined;
  readonly configMaps: MountedObject[];
  readonly secrets: MountedObject[];
  readonly hostFileVolumes: HostFile[];
  readonly securityContext?: ExperimentDefinition['securityContext'] | undefined;
  readonly hostPID: boolean;
  readonly terminationGracePeriodSeconds: number;
  /** The engine's `components` for this experiment: resources, pull secrets, node selector, tolerations. */
  readonly components: NonNullable<NonNullable<EngineExperiment['spec']>['components']>;
}

/**
 * The plan of an experiment's Job (3.5.0 `SetDefaultAttributeValuesFromChaosExperiment`,
 * `SetInstanceAttributeValuesFromChaosEngine`, `PatchConfigMaps`, `PatchSecrets`, `PatchHostFileVolumes`).
 */
export function jobPlan(
  experiment: ChaosExperiment,
  engine: ChaosEngine,
  job: { name: string; serviceAccount: string; env: V1EnvVar[] },
): ExperimentJobPlan {
  const definition = experiment.spec.definition;
  const components = engineEntry(engine, experiment.metadata.name)?.spec?.components ?? {};
  return {
    jobName: job.name,
    namespace: engine.metadata.namespace,
    serviceAccount: job.serviceAccount,
    image: components.experimentImage || definition.image,
    imagePullPolicy: definition.imagePullPolicy || DEFAULT_EXPERIMENT_PULL_POLICY,
    command: definition.command,
    args: definition.args,
    env: job.env,
    labels: experimentLabels(experiment, engine),
    annotations: components.experimentAnnotations,
    configMaps: mergeMounts(definition.configMaps ?? [], components.configMaps ?? []),
    secrets: mergeMounts(definition.secrets ?? [], components.secrets ?? []),
    hostFileVolumes: definition.hostFileVolumes ?? [],
    securityContext: definition.securityContext,
    hostPID: definition.hostPID === true,
    terminationGracePeriodSeconds: engine.spec.terminationGracePeriodSeconds ?? 0,
    components,
  };
}

/**
 * Labels of the Job and its pod (3.5.0 `SetLabels`, `SetEngineLabels`): the ChaosExperiment's, `chaosUID`, then
 * every label of the engine, which win. Litmus finds a run's pods by `chaosUID`; chaosflow's engine labels
 * (`workflow_run_id`, …) reach the experiment pod this way.
 */
export function experimentLabels(experiment: ChaosExperiment, engine: ChaosEngine): Record<string, string> {
  return {
    ...(experiment.spec.definition.labels ?? {}),
    chaosUID: engine.metadata.uid,
    ...(engine.metadata.labels ?? {}),
  };
}

/**
 * The ChaosExperiment's ConfigMaps or Secrets with the engine's merged in (3.5.0 `getOverriding…FromChaosEngine`):
 * an engine entry of the same name changes the mount path, another is appended.
 */
export function mergeMounts(
  fromExperiment: readonly MountedObject[],
  fromEngine: readonly MountedObject[],
): MountedObject[] {
  const merged = fromExperiment.map((mount) => ({ ...mount }));
  for (const override of fromEngine) {
    const existing = merged.find((mount) => mount.name === override.name);
    if (existing === undefined) merged.push({ ...override });
    else existing.mountPath = override.mountPath;
  }
  return merged;
}

/**
 * Why the ConfigMaps, Secrets and host files cannot be mounted (3.5.0 `Validate…`), or undefined; presence
 * of each ConfigMap and Secret in the cluster is checked by the caller.
 */
export function incompleteMount(plan: Pick<ExperimentJobPlan, 'configMaps' | 'secrets' | 'hostFileVolumes'>) {
  if (plan.configMaps.some((mount) => mount.name === '' || mount.mountPath === ''))
    return 'Incomplete Information in ConfigMap, will skip execution';
  if (plan.secrets.some((mount) => mount.name === '' || mount.mountPath === ''))
    return 'Incomplete Information in Secret, will skip execution';
  if (plan.hostFileVolumes.some((file) => file.name === '' || file.mountPath === '' || file.nodePath === ''))
    return 'Incomplete Information in HostFileVolume, will skip execution';
  return undefined;
}

/**
 * The experiment's Job as chaos-runner 3.5.0 builds it (`builders.go`): one container named after the Job with
 * the ChaosExperiment's image (or the engine's `experimentImage`), command, args and pull policy; the pod runs
 * as the chaos service account with `restartPolicy: Never`; no `backoffLimit`, so Kubernetes' default of 6 holds.
 */
export function experimentJob(plan: ExperimentJobPlan): V1Job {
  const metadata = {
    name: plan.jobName,
    namespace: plan.namespace,
    labels: plan.labels,
    ...(plan.annotations === undefined ? {} : { annotations: plan.annotations }),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: { template: { metadata, spec: podSpec(plan) } },
  };
}

function podSpec(plan: ExperimentJobPlan): V1PodSpec {
  const { components } = plan;
  const volumes = volumesOf(plan);
  return {
    serviceAccountName: plan.serviceAccount,
    restartPolicy: 'Never',
    containers: [container(plan)],
    ...(volumes.length === 0 ? {} : { volumes }),
    ...(plan.terminationGracePeriodSeconds === 0
      ? {}
      : { terminationGracePeriodSeconds: plan.terminationGracePeriodSeconds }),
    ...(plan.securityContext?.podSecurityContext === undefined
      ? {}
      : { securityContext: plan.securityContext.podSecurityContext }),
    ...(plan.hostPID ? { hostPID: true } : {}),
    ...(components.experimentImagePullSecrets === undefined
      ? {}
      : { imagePullSecrets: components.experimentImagePullSecrets }),
    ...(Object.keys(components.nodeSelector ?? {}).length === 0
      ? {}
      : { nodeSelector: components.nodeSelector }),
    ...(components.tolerations === undefined ? {} : { tolerations: components.tolerations }),
  };
}

function container(plan: ExperimentJobPlan): V1Container {
  const mounts = volumeMountsOf(plan);
  const security = plan.securityContext?.containerSecurityContext;
  const resources = plan.components.resources;
  return {
    name: plan.jobName,
    image: plan.image,
    ...(plan.command === undefined ? {} : { command: plan.command }),
    ...(plan.args === undefined ? {} : { args: plan.args }),
    imagePullPolicy: plan.imagePullPolicy,
    env: plan.env,
    ...(security === undefined ? {} : { securityContext: security }),
    ...(resources === undefined ? {} : { resources }),
    ...(mounts.length === 0 ? {} : { volumeMounts: mounts }),
  };
}

function volumesOf(plan: ExperimentJobPlan): V1Volume[] {
  return [
    ...plan.configMaps.map((mount) => ({ name: mount.name, configMap: { name: mount.name } })),
    ...plan.secrets.map((mount) => ({ name: mount.name, secret: { secretName: mount.name } })),
    ...plan.hostFileVolumes.map((file) => ({
      name: file.name,
      hostPath: { path: file.nodePath, type: file.type ?? 'File' },
    })),
  ];
}

function volumeMountsOf(plan: ExperimentJobPlan): V1VolumeMount[] {
  return [...plan.configMaps, ...plan.secrets, ...plan.hostFileVolumes].map((mount) => ({
    name: mount.name,
    mountPath: mount.mountPath,
  }));
}
