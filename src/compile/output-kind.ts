import type { ExperimentSpec } from '../model/experiment.js';

/** Which Argo object an experiment compiles to. */
export const OUTPUT_KINDS = ['template', 'cluster-template', 'workflow', 'cron'] as const;

/**
 * Which Argo object an experiment compiles to: WorkflowTemplate, ClusterWorkflowTemplate (for other pipelines to
 * call through `templateRef`), Workflow or CronWorkflow.
 */
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** The kind an experiment compiles to when none is asked for: cron if it has a schedule, else a template. */
export function defaultKind(spec: ExperimentSpec): OutputKind {
  return spec.schedule === undefined ? 'template' : 'cron';
}
