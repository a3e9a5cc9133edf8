import type { HubFault } from '../hub/hub.js';
import type { Template } from '../k8s/objects.js';
import { stringifyOne } from '../k8s/yaml.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { FaultUse } from '../model/fault-use.js';
import { chaosEngine } from './chaos-engine.js';
import type { EngineImages } from './images.js';
import { MANAGED_BY } from './labels.js';
import { engineMetrics } from './metrics.js';
import { FAULT_OUTPUTS, faultGlobalOutput, resultName, templateNames } from './names.js';
import { retryStrategy } from './retry.js';

/**
 * `install-<fault>`: applies the hub's ChaosExperiment in the chaos namespace (idempotent, so it may be
 * retried and may run in every run).
 */
export function installTemplate(spec: ExperimentSpec, fault: HubFault, images: EngineImages): Template {
  const definition = fault.experiment.spec.definition;
  const experiment = {
    ...fault.experiment,
    ...(images.pullPolicy === undefined
      ? {}
      : {
          spec: {
            ...fault.experiment.spec,
            definition: { ...definition, imagePullPolicy: images.pullPolicy },
          },
        }),
    metadata: {
      ...fault.experiment.metadata,
      namespace: spec.chaosNamespace,
      labels: { ...fault.experiment.metadata.labels, ...MANAGED_BY },
    },
  };
  return withRetries(spec, {
    name: templateNames.install(fault.name),
    resource: { action: 'apply', manifest: stringifyOne(experiment) },
  });
}

/**
 * `engine-<step>`: creates the step's ChaosEngine and waits until Litmus has run it. `completed` means the
 * runner finished (the verdict is read next); `stopped` means Litmus aborted it, which fails the step.
 */
export function engineTemplate(
  spec: ExperimentSpec,
  use: FaultUse,
  fault: HubFault,
  images: EngineImages,
  paramOfTunable: (tunable: string) => string | undefined = () => undefined,
): Template {
  return {
    name: templateNames.engine(use.name),
    metrics: { prometheus: engineMetrics(spec, use) },
    resource: {
      action: 'create',
      manifest: stringifyOne(chaosEngine(spec, use, fault, images, paramOfTunable)),
      successCondition: 'status.engineStatus == completed',
      failureCondition: 'status.engineStatus == stopped',
    },
  };
}

/**
 * `fault-<step>`: runs the engine, then reads its ChaosResult. It reports the verdict and probe success
 * percentage for the score, and publishes both as workflow outputs for the run's metrics; whether the verdict
 * passed is gated at the end of the run, so a failed fault still counts in the score. Labelled with its weight, as Litmus's ChaosCenter expects.
 */
export function faultTemplate(use: FaultUse): Template {
  const fromResult = (output: keyof typeof FAULT_OUTPUTS) => ({
    name: FAULT_OUTPUTS[output],
    globalName: faultGlobalOutput(use.name, output),
    valueFrom: { parameter: `{{steps.result.outputs.parameters.${FAULT_OUTPUTS[output]}}}` },
  });
  return {
    name: templateNames.fault(use.name),
    metadata: { labels: { weight: String(use.weight) } },
    steps: [
      [{ name: 'engine', template: templateNames.engine(use.name) }],
      [
        {
          name: 'result',
          template: templateNames.result,
          arguments: { parameters: [{ name: 'result', value: resultName(use.name, use.fault) }] },
        },
      ],
    ],
    outputs: { parameters: [fromResult('verdict'), fromResult('probeSuccess')] },
  };
}

/** Adds the experiment's retry strategy to a template of an idempotent step. */
export function withRetries(spec: ExperimentSpec, template: Template): Template {
  const strategy = retryStrategy(spec.retries);
  return strategy === undefined ? template : { ...template, retryStrategy: strategy };
}
