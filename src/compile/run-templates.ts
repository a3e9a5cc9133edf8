import { LITMUS_API_VERSION, type Template } from '../k8s/objects.js';
import { stringifyOne } from '../k8s/yaml.js';
import type { ExperimentSpec } from '../model/experiment.js';
import { withRetries } from './fault-templates.js';
import { FAULT_OUTPUTS, RUN_UID, templateNames } from './names.js';

/** How long kubectl waits for Litmus to revert and release an engine; the operator waits up to 180 s for chaos pods. */
const ENGINE_RELEASE_TIMEOUT = '300s';
/** How long the exit handler may take in all, retries included. */
const CLEANUP_DEADLINE_SECONDS = '600';

function chaosResultManifest(spec: ExperimentSpec): string {
  return stringifyOne({
    apiVersion: LITMUS_API_VERSION,
    kind: 'ChaosResult',
    metadata: { name: '{{inputs.parameters.result}}', namespace: spec.chaosNamespace },
  });
}

const resultInput = { parameters: [{ name: 'result' }] };

/** `chaos-result`: reads a ChaosResult's verdict and probe success percentage, whatever they are. */
export function resultTemplate(spec: ExperimentSpec): Template {
  const jsonPath = (field: string) => ({ jsonPath: `{.status.experimentStatus.${field}}` });
  return withRetries(spec, {
    name: templateNames.result,
    inputs: resultInput,
    resource: { action: 'get', manifest: chaosResultManifest(spec) },
    outputs: {
      parameters: [
        { name: FAULT_OUTPUTS.verdict, valueFrom: jsonPath('verdict') },
        { name: FAULT_OUTPUTS.probeSuccess, valueFrom: jsonPath('probeSuccessPercentage') },
      ],
    },
  });
}

/**
 * `chaos-verdict`: the gate. Succeeds only on verdict `Pass`; fails on anything else, including a missing
 * verdict (`!=` matches a missing field) and a missing ChaosResult (`get` fails on NotFound).
 */
export function verdictTemplate(spec: ExperimentSpec): Template {
  return withRetries(spec, {
    name: templateNames.verdict,
    inputs: resultInput,
    resource: {
      action: 'get',
      manifest: chaosResultManifest(spec),
      successCondition: 'status.experimentStatus.verdict == Pass',
      failureCondition: 'status.experimentStatus.verdict != Pass',
    },
  });
}

/**
 * `cleanup`, the exit handler: deletes every ChaosEngine of this run by its `workflow_run_id` label. Litmus's
 * operator then aborts any chaos still running and reverts it before it removes the engine's finalizer;
 * kubectl waits for that, so the run ends only once chaos is reverted, and fails the step (and so the run)
 * when it is not within the timeout. The manifest is empty so kubectl selects from the cluster, not a file.
 */
export function cleanupTemplate(spec: ExperimentSpec): Template {
  return withRetries(spec, {
    name: templateNames.cleanup,
    activeDeadlineSeconds: CLEANUP_DEADLINE_SECONDS,
    resource: {
      action: 'delete',
      flags: [
        'chaosengines.litmuschaos.io',
        '--selector',
        `workflow_run_id=${RUN_UID}`,
        '-n',
        spec.chaosNamespace,
        '--wait=true',
        `--timeout=${ENGINE_RELEASE_TIMEOUT}`,
      ],
    },
  });
}
