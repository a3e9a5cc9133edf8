import { ARGO_API_VERSION, type KubeObject, type Template, type WorkflowSpec } from '../k8s/objects.js';
import { secondsIn } from '../model/duration.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { Schedule } from '../model/schedule.js';
import { workflowAnnotations, workflowLabels } from './labels.js';
import { templateNames } from './names.js';
import type { OutputKind } from './output-kind.js';

/**
 * The Argo object of `kind` around a compiled WorkflowSpec, with the experiment's labels and annotations on it and,
 * for templates, on the runs made from it (`workflowMetadata`).
 */
export function argoObject(spec: ExperimentSpec, kind: OutputKind, workflow: WorkflowSpec): KubeObject {
  const labels = workflowLabels(spec);
  const annotations = workflowAnnotations(spec);
  const described = { labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) };
  const metadata = { namespace: spec.namespace, ...described };
  const runMetadata = { workflowMetadata: described };
  switch (kind) {
    case 'workflow':
      return {
        apiVersion: ARGO_API_VERSION,
        kind: 'Workflow',
        metadata: { generateName: `${spec.name}-`, ...metadata },
        spec: workflow,
      };
    case 'template':
      return {
        apiVersion: ARGO_API_VERSION,
        kind: 'WorkflowTemplate',
        metadata: { name: spec.name, ...metadata },
        spec: { ...workflow, ...runMetadata },
      };
    case 'cluster-template':
      return {
        apiVersion: ARGO_API_VERSION,
        kind: 'ClusterWorkflowTemplate',
        metadata: { name: spec.name, ...described },
        spec: { ...workflow, ...runMetadata, templates: [...workflow.templates, callableTemplate()] },
      };
    case 'cron':
      return {
        apiVersion: ARGO_API_VERSION,
        kind: 'CronWorkflow',
        metadata: { name: spec.name, ...metadata },
        spec: { ...cronSettings(spec.schedule), ...runMetadata, workflowSpec: workflow },
      };
  }
}

/**
 * `chaos`, the entry of a ClusterWorkflowTemplate for another pipeline's `templateRef`: a caller runs one template,
 * not the workflow, so the workflow's exit handler would never run; the step's exit hook runs `cleanup` however
 * `main` ends.
 */
function callableTemplate(): Template {
  return {
    name: templateNames.callable,
    steps: [
      [
        {
          name: templateNames.main,
          template: templateNames.main,
          hooks: { exit: { template: templateNames.cleanup } },
        },
      ],
    ],
  };
}

function cronSettings(schedule: Schedule | undefined): Record<string, unknown> {
  if (schedule === undefined)
    throw new Error('cron output without a schedule; checkExperiment should have refused it');
  return {
    schedules: schedule.cron,
    ...(schedule.timezone === undefined ? {} : { timezone: schedule.timezone }),
    concurrencyPolicy: schedule.concurrencyPolicy,
    ...(schedule.startingDeadline === undefined
      ? {}
      : { startingDeadlineSeconds: secondsIn(schedule.startingDeadline) }),
    ...(schedule.successfulJobsHistoryLimit === undefined
      ? {}
      : { successfulJobsHistoryLimit: schedule.successfulJobsHistoryLimit }),
    ...(schedule.failedJobsHistoryLimit === undefined
      ? {}
      : { failedJobsHistoryLimit: schedule.failedJobsHistoryLimit }),
    ...(schedule.suspend === undefined ? {} : { suspend: schedule.suspend }),
  };
}
