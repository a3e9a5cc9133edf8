import type {
  V1EnvVar,
  V1LocalObjectReference,
  V1PodSecurityContext,
  V1ResourceRequirements,
  V1SecurityContext,
  V1Toleration,
} from '@kubernetes/client-node';

/**
 * The parts of Litmus's objects (chaos-operator `api/litmuschaos/v1alpha1`) that the chaos-runner stand-in and
 * the simulator read and write, as they travel over the API.
 */

/** Litmus's API group and version, as a client-node CustomObjectsApi argument. */
export const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1' } as const;

/** A ConfigMap or Secret a ChaosExperiment or engine mounts into the experiment pod. */
export interface MountedObject {
  name: string;
  mountPath: string;
}

/** A host file a ChaosExperiment mounts. */
export interface HostFile {
  name: string;
  mountPath: string;
  nodePath: string;
  type?: string;
}

/** One experiment of a ChaosEngine: `spec.experiments[]`. */
export interface EngineExperiment {
  name: string;
  spec?: {
    components?: {
      env?: V1EnvVar[];
      configMaps?: MountedObject[];
      secrets?: MountedObject[];
      experimentAnnotations?: Record<string, string>;
      experimentImage?: string;
      experimentImagePullSecrets?: V1LocalObjectReference[];
      nodeSelector?: Record<string, string>;
      statusCheckTimeouts?: { delay?: number; timeout?: number };
      resources?: V1ResourceRequirements;
      tolerations?: V1Toleration[];
    };
    probe?: unknown[];
  };
}

/** An experiment's status in a ChaosEngine: `status.experiments[]`. */
export interface ExperimentStatus {
  name: string;
  runner: string;
  experimentPod: string;
  status: string;
  verdict: string;
  lastUpdateTime: string;
}

/** A ChaosEngine. */
export interface ChaosEngine {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
    creationTimestamp?: string;
    resourceVersion?: string;
  };
  spec: {
    engineState?: string;
    chaosServiceAccount?: string;
    jobCleanUpPolicy?: string;
    defaultHealthCheck?: boolean;
    terminationGracePeriodSeconds?: number;
    components?: { sidecar?: unknown[] };
    experiments: EngineExperiment[];
  };
  status?: { engineStatus?: string; experiments?: ExperimentStatus[] };
}

/** A ChaosExperiment's `spec.definition`. */
export interface ExperimentDefinition {
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: V1EnvVar[];
  labels?: Record<string, string>;
  configMaps?: MountedObject[];
  secrets?: MountedObject[];
  hostFileVolumes?: HostFile[];
  securityContext?: {
    podSecurityContext?: V1PodSecurityContext;
    containerSecurityContext?: V1SecurityContext;
  };
  hostPID?: boolean;
}

/** A ChaosExperiment. */
export interface ChaosExperiment {
  metadata: { name: string; namespace: string };
  spec: { definition: ExperimentDefinition };
}

/** A ChaosResult, as far as the runner reads it. */
export interface ChaosResult {
  metadata: { name: string; namespace: string };
  spec: { engine?: string; experiment: string };
  status?: { experimentStatus?: { verdict?: string; phase?: string; probeSuccessPercentage?: string } };
}
