import { ARGO_API_VERSION } from '../k8s/objects.js';
import { stringifyOne } from '../k8s/yaml.js';
import { MAX_LABEL_LENGTH } from '../model/names.js';
import { shortHash } from '../short-hash.js';

/** Argo's run id: a UUID, 36 characters once substituted. */
export const RUN_UID = '{{workflow.uid}}';
/** A resource step's manifest for the run's own Workflow, which the guardian's and the approval's gates read. */
export const OWN_RUN_MANIFEST = stringifyOne({
  apiVersion: ARGO_API_VERSION,
  kind: 'Workflow',
  metadata: { name: '{{workflow.name}}', namespace: '{{workflow.namespace}}' },
});

/** The run itself, `<namespace>/<name>`. */
export const RUN_REF = '{{workflow.namespace}}/{{workflow.name}}';
const RUN_UID_LENGTH = 36;

/** Longest step-derived prefix that keeps `<prefix>-<uid>` within 63 characters. */
export const MAX_ENGINE_PREFIX = MAX_LABEL_LENGTH - RUN_UID_LENGTH - 1;

/** Length of the hash that keeps shortened prefixes of different steps apart. */
const HASH_LENGTH = 6;

/**
 * The ChaosEngine name of a step in a run: `<step>-<workflow uid>`, at most 63 characters once Argo has
 * substituted the uid (Litmus puts the engine name in a label value). Long step names are cut and given a
 * hash of the full name, so two steps never share an engine name.
 */
export function engineName(step: string): string {
  return `${enginePrefix(step)}-${RUN_UID}`;
}

/** The ChaosResult Litmus writes for a step's engine: `<engine>-<fault>`. */
export function resultName(step: string, fault: string): string {
  return `${engineName(step)}-${fault}`;
}

/** The step-derived part of an engine name. */
export function enginePrefix(step: string): string {
  if (step.length <= MAX_ENGINE_PREFIX) return step;
  const hash = shortHash(step, HASH_LENGTH);
  const head = step.slice(0, MAX_ENGINE_PREFIX - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

/** Template names; per-step ones carry a prefix so no user step name can collide with a fixed template. */
export const templateNames = {
  main: 'main',
  callable: 'chaos',
  runFaults: 'run-faults',
  runFaultsDag: 'run-faults-dag',
  result: 'chaos-result',
  verdict: 'chaos-verdict',
  cleanup: 'cleanup',
  waitForGuardian: 'wait-for-guardian',
  approval: 'approval',
  approvalTimedOut: 'approval-timed-out',
  paramOutsideEnum: 'param-outside-enum',
  install: (fault: string) => `install-${fault}`,
  fault: (step: string) => `fault-${step}`,
  engine: (step: string) => `engine-${step}`,
  verdictStep: (step: string) => `verdict-${step}`,
} as const;

/** Output parameters every fault step reports from its ChaosResult. */
export const FAULT_OUTPUTS = { verdict: 'verdict', probeSuccess: 'probeSuccessPercentage' } as const;

/** The workflow output a fault step publishes its `output` under, for the run's metrics to read at its end. */
export function faultGlobalOutput(step: string, output: keyof typeof FAULT_OUTPUTS): string {
  return `chaosflow-${step}-${FAULT_OUTPUTS[output]}`;
}

/** Name of the workflow output holding the resiliency score. */
export const SCORE_OUTPUT = 'resiliencyScore';
