import type { HubFault } from '../hub/hub.js';
import { toEnvValue } from '../hub/tunable-value.js';
import { type KubeObject, LITMUS_API_VERSION } from '../k8s/objects.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { FaultUse } from '../model/fault-use.js';
import { GUARD_ANNOTATIONS } from '../model/guarded-run.js';
import type { Probe } from '../model/probe.js';
import type { Target } from '../model/target.js';
import { type EngineImages, experimentPullSecrets, HUB_IMAGES, runnerComponents } from './images.js';
import { MANAGED_BY } from './labels.js';
import { engineName, RUN_REF, RUN_UID } from './names.js';
import { PARAMETER_REFS } from './parameters.js';
import { parameterRef } from './params.js';

/**
 * The ChaosEngine a fault step creates: one experiment per engine (Litmus's convention), a name unique to
 * the run, the label `workflow_run_id` by which the exit handler deletes every engine of the run, and the run
 * it belongs to, by which the guardian's reaper finds engines whose run ended without deleting them. Its labels
 * `context` (the experiment's id) and `workflow_name` are what chaos-exporter puts on its series
 * (`chaosengine_context`, `workflow_name`), so they can be told apart by experiment with no run id in them.
 */
export function chaosEngine(
  spec: ExperimentSpec,
  use: FaultUse,
  fault: HubFault,
  images: EngineImages = HUB_IMAGES,
  paramOfTunable: (tunable: string) => string | undefined = () => undefined,
): KubeObject {
  const target = use.target ?? spec.target;
  if (target === undefined)
    throw new Error(`step ${use.name} has no target; checkExperiment should have refused it`);
  const env = [...engineEnv(use, fault, paramOfTunable), ...pullPolicyEnv(images)];
  const components = { ...(env.length === 0 ? {} : { env }), ...experimentPullSecrets(images) };
  return {
    apiVersion: LITMUS_API_VERSION,
    kind: 'ChaosEngine',
    metadata: {
      name: engineName(use.name),
      namespace: spec.chaosNamespace,
      labels: { workflow_run_id: RUN_UID, workflow_name: spec.name, context: spec.id, ...MANAGED_BY },
      annotations: { [GUARD_ANNOTATIONS.engineRun]: RUN_REF },
    },
    spec: {
      engineState: 'active',
      ...targetSelection(target),
      chaosServiceAccount: spec.chaosServiceAccount,
      jobCleanUpPolicy: spec.jobCleanUpPolicy,
      ...runnerComponents(images),
      experiments: [
        {
          name: fault.name,
          spec: {
            ...(Object.keys(components).length === 0 ? {} : { components }),
            ...(use.probes.length === 0
              ? {}
              : { probe: use.probes.map((probe) => litmusProbe(probe, images)) }),
          },
        },
      ],
    },
  };
}

/**
 * The tunables a step sets, as env vars; unset tunables keep the ChaosExperiment's defaults, and a tunable a
 * param gives takes the run's parameter, which Argo fills in when it creates the engine.
 */
function engineEnv(
  use: FaultUse,
  fault: HubFault,
  paramOfTunable: (tunable: string) => string | undefined,
): { name: string; value: string }[] {
  return fault.tunables.flatMap((tunable) => {
    const param = paramOfTunable(tunable.name);
    if (param !== undefined) return [{ name: tunable.env, value: parameterRef(param) }];
    const value = use.tunables[tunable.name];
    if (value === undefined) return [];
    const converted = toEnvValue(tunable, value);
    if (!converted.ok)
      throw new Error(
        `tunable ${tunable.name} of ${use.name} is invalid; checkExperiment should have refused it`,
      );
    return [{ name: tunable.env, value: converted.value }];
  });
}

/**
 * The pull policy of the fault's helper pods: litmus-go reads LIB_IMAGE_PULL_POLICY. The runner passes the
 * ChaosExperiment's policy under that name too, but a hub's env may set it, and the engine's env wins over both.
 */
function pullPolicyEnv(images: EngineImages): { name: string; value: string }[] {
  return images.pullPolicy === undefined ? [] : [{ name: 'LIB_IMAGE_PULL_POLICY', value: images.pullPolicy }];
}

/**
 * Labels go in `appinfo` (Litmus 2.x and 3.x), names in 3.x `selectors`. The kind is always set: with an
 * empty `appkind`, Litmus ignores the label and picks random pods of the namespace.
 */
function targetSelection(target: Target): Record<string, unknown> {
  if (target.type === 'parameters') {
    return {
      appinfo: {
        appns: PARAMETER_REFS.namespace,
        applabel: PARAMETER_REFS.label,
        appkind: PARAMETER_REFS.kind,
      },
    };
  }
  if (target.names !== undefined) {
    return {
      selectors: {
        workloads: [{ kind: target.kind, namespace: target.namespace, names: target.names.join(',') }],
      },
    };
  }
  const [label] = Object.entries(target.labels ?? {});
  if (label === undefined)
    throw new Error('workload target without labels or names; the model should have refused it');
  return { appinfo: { appns: target.namespace, applabel: `${label[0]}=${label[1]}`, appkind: target.kind } };
}

/**
 * A probe in Litmus's shape: inputs under `<type>/inputs`, numbers and lists as the strings Litmus reads. A
 * cmdProbe's own pod pulls from the mirror and with the pull policy, like the fault's.
 */
function litmusProbe(probe: Probe, images: EngineImages): Record<string, unknown> {
  const base = { name: probe.name, type: probe.type, mode: probe.mode, runProperties: probe.runProperties };
  switch (probe.type) {
    case 'httpProbe': {
      const method =
        'get' in probe.inputs.method
          ? {
              get: { ...probe.inputs.method.get, responseCode: listed(probe.inputs.method.get.responseCode) },
            }
          : {
              post: {
                ...probe.inputs.method.post,
                responseCode: listed(probe.inputs.method.post.responseCode),
              },
            };
      return { ...base, 'httpProbe/inputs': { ...probe.inputs, method } };
    }
    case 'cmdProbe':
      return { ...base, 'cmdProbe/inputs': withProbeImage(withListedComparator(probe.inputs), images) };
    case 'k8sProbe':
      return {
        ...base,
        'k8sProbe/inputs': probe.inputs,
        ...(probe.data === undefined ? {} : { data: probe.data }),
      };
    case 'promProbe':
      return { ...base, 'promProbe/inputs': withListedComparator(probe.inputs) };
  }
}

function withProbeImage<
  T extends { source?: { image: string; imagePullPolicy?: string | undefined } | undefined },
>(inputs: T, images: EngineImages): T {
  if (inputs.source === undefined) return inputs;
  const imagePullPolicy = inputs.source.imagePullPolicy ?? images.pullPolicy;
  const source = {
    ...inputs.source,
    image: images.probeImage(inputs.source.image),
    ...(imagePullPolicy === undefined ? {} : { imagePullPolicy }),
  };
  return { ...inputs, source };
}

function withListedComparator<T extends { comparator: { value: ComparisonValue } }>(inputs: T) {
  return { ...inputs, comparator: { ...inputs.comparator, value: listed(inputs.comparator.value) } };
}

type ComparisonValue = number | string | readonly (number | string)[];

/** Litmus comparator values are strings; lists (for oneOf and between) are comma-joined. */
function listed(value: ComparisonValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
