import type { PrometheusMetric } from '../k8s/objects.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { FaultUse } from '../model/fault-use.js';
import { faultGlobalOutput, SCORE_OUTPUT } from './names.js';
import type { OutputKind } from './output-kind.js';

/**
 * The Prometheus metrics compiled into every experiment, which Argo's workflow controller serves on its own
 * metrics endpoint with the prefix `argo_workflows_` (counters also get `_total`). Their labels are the
 * experiment's id, its steps and faults and a run's outcome: never a run's name or uid, so a scheduled
 * experiment does not grow a new series every run.
 */
export const METRIC_NAMES = {
  runs: 'chaosflow_runs',
  lastRunSucceeded: 'chaosflow_last_run_succeeded',
  score: 'chaosflow_resiliency_score',
  verdicts: 'chaosflow_fault_verdicts',
  probeSuccess: 'chaosflow_fault_probe_success_percentage',
  chaosSeconds: 'chaosflow_fault_chaos_seconds',
} as const;

/**
 * Run-level metrics, emitted once when a run ends: the run by outcome, whether the experiment's last run
 * succeeded (a state an alert can hold on, where a counter's first increment is invisible to `increase`), its
 * resiliency score, and each fault's
 * verdict and probe success. A fault's values come from the workflow outputs its step publishes once it read
 * its ChaosResult; a fault that never got that far (stopped, skipped) has none, and its metrics are left out
 * rather than reported empty. Argo substitutes every field of a metric before it reads `when`, and fails the
 * metric on a variable that does not exist, so values that may be missing are read through an expression
 * (`{{=…}}`) that turns a missing output into an empty string, and `when` leaves such a metric out.
 */
export function runMetrics(
  spec: ExperimentSpec,
  uses: readonly FaultUse[],
  kind: OutputKind,
): PrometheusMetric[] {
  const experiment = { key: 'workflow_id', value: spec.id };
  return [
    {
      name: METRIC_NAMES.runs,
      help: 'chaosflow experiment runs that ended, by experiment, compiled kind (cron: scheduled runs) and Argo phase.',
      labels: [experiment, { key: 'kind', value: kind }, { key: 'status', value: '{{workflow.status}}' }],
      counter: { value: '1' },
    },
    {
      name: METRIC_NAMES.lastRunSucceeded,
      help: 'Whether the last run of a chaosflow experiment succeeded (1) or not (0), by experiment and compiled kind (cron: scheduled runs).',
      labels: [experiment, { key: 'kind', value: kind }],
      gauge: { value: "{{=workflow.status == 'Succeeded' ? 1 : 0}}", realtime: false },
    },
    numberGauge(SCORE_OUTPUT, {
      name: METRIC_NAMES.score,
      // Argo refuses a metric whose help differs from the one it already holds: runs compiled before keep theirs.
      help: 'Resiliency score of a chaosflow experiment run, 0 to 100 (Litmus definition).',
      labels: [experiment],
    }),
    ...uses.flatMap((use) => faultRunMetrics(experiment, use)),
  ];
}

function faultRunMetrics(experiment: { key: string; value: string }, use: FaultUse): PrometheusMetric[] {
  const labels = [experiment, { key: 'step', value: use.name }, { key: 'fault', value: use.fault }];
  const verdict = workflowOutput(faultGlobalOutput(use.name, 'verdict'));
  return [
    {
      name: METRIC_NAMES.verdicts,
      help: 'Verdicts Litmus gave a chaosflow fault step, by experiment, step, fault and verdict.',
      labels: [...labels, { key: 'verdict', value: verdict }],
      when: `'${verdict}' != ''`,
      counter: { value: '1' },
    },
    numberGauge(faultGlobalOutput(use.name, 'probeSuccess'), {
      name: METRIC_NAMES.probeSuccess,
      help: "Probe success percentage of a chaosflow fault step's last run, by experiment, step and fault.",
      labels,
    }),
  ];
}

/**
 * The metric of `engine-<step>`, emitted when Litmus has run the engine (or stopped it): how long the engine
 * took from its creation, the fault's chaos with Litmus's checks before and after.
 */
export function engineMetrics(spec: ExperimentSpec, use: FaultUse): PrometheusMetric[] {
  return [
    {
      name: METRIC_NAMES.chaosSeconds,
      help: "Seconds a chaosflow fault step's ChaosEngine ran (checks and chaos), last run, by experiment, step and fault.",
      labels: [
        { key: 'workflow_id', value: spec.id },
        { key: 'step', value: use.name },
        { key: 'fault', value: use.fault },
      ],
      gauge: { value: '{{duration}}', realtime: false },
    },
  ];
}

/**
 * An Argo expression reading a workflow output, or `''` when the run has no such output. It names
 * `workflow.status`, which exists only once the run has ended: on every pass before that the controller
 * substitutes the workflow's own fields with what it knows so far and would bake an empty output in for good,
 * but it leaves an expression that names a variable it does not yet have as it is.
 */
function outputOrEmpty(name: string): string {
  return `(workflow.status == '' ? '' : (workflow.outputs?.parameters?.['${name}'] ?? ''))`;
}

/** {@link outputOrEmpty} as an expression tag. */
function workflowOutput(name: string): string {
  return `{{=${outputOrEmpty(name)}}}`;
}

/** A gauge of the workflow output `name`, emitted only when the output is a number. */
function numberGauge(name: string, metric: Omit<PrometheusMetric, 'gauge' | 'when'>): PrometheusMetric {
  return {
    ...metric,
    when: `{{=${outputOrEmpty(name)} matches '^[0-9]+([.][0-9]+)?$'}}`,
    gauge: { value: workflowOutput(name), realtime: false },
  };
}
