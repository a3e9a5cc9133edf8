import { MANAGED_BY } from '../compile/labels.js';
import { TARGET_PARAMETERS } from '../compile/parameters.js';
import { ARGO_API_VERSION, type KubeObject } from '../k8s/objects.js';
import { shortHash } from '../short-hash.js';
import type { TriggerKind } from './trigger-request.js';

/** Labels and annotations that tie a triggered run to its trigger and target. */
const TRIGGER_LABELS = {
  source: 'chaosflow.io/trigger',
  workloadUid: 'chaosflow.io/workload-uid',
  revision: 'chaosflow.io/revision',
  target: 'chaosflow.io/target',
  change: 'chaosflow.io/change',
} as const;

/** A WorkflowTemplate a trigger can run: found by its `workflow_id` label. */
export interface TriggerableTemplate {
  readonly name: string;
  readonly namespace: string;
  /** Names of its workflow parameters. */
  readonly parameters: readonly string[];
}

/** Everything a triggered run is made from. */
export interface TriggeredRun {
  readonly name: string;
  readonly workflowId: string;
  readonly template: TriggerableTemplate;
  readonly target: {
    readonly namespace: string;
    readonly kind: TriggerKind;
    readonly name: string;
    readonly label: string;
    readonly uid?: string;
  };
  readonly revision: string;
  readonly source: 'watch' | 'http';
  /** What changed, for watched changes: `image`, `replicas`, … */
  readonly changes?: readonly string[];
  /** Extra parameters; only those the template declares are passed. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/**
 * The Workflow a trigger submits: a reference to the template, the target as the template's parameters, and an
 * Argo mutex per target, so two runs never hit one workload at once (later ones wait in Argo's queue).
 */
export function triggeredWorkflow(run: TriggeredRun): KubeObject {
  const targetText = `${run.target.namespace}/${run.target.kind}/${run.target.name}`;
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Workflow',
    metadata: {
      name: run.name,
      namespace: run.template.namespace,
      labels: {
        workflow_id: run.workflowId,
        [TRIGGER_LABELS.source]: run.source,
        ...(run.target.uid === undefined ? {} : { [TRIGGER_LABELS.workloadUid]: run.target.uid }),
        ...MANAGED_BY,
      },
      annotations: {
        [TRIGGER_LABELS.target]: targetText,
        [TRIGGER_LABELS.revision]: run.revision,
        ...(run.changes === undefined ? {} : { [TRIGGER_LABELS.change]: run.changes.join(',') }),
      },
    },
    spec: {
      workflowTemplateRef: { name: run.template.name },
      arguments: { parameters: parametersFor(run) },
      synchronization: { mutex: { name: mutexName(targetText) } },
    },
  };
}

function parametersFor(run: TriggeredRun): { name: string; value: string }[] {
  const values: Record<string, string> = {
    ...run.parameters,
    [TARGET_PARAMETERS.namespace]: run.target.namespace,
    [TARGET_PARAMETERS.kind]: run.target.kind,
    [TARGET_PARAMETERS.label]: run.target.label,
  };
  return run.template.parameters.flatMap((name) => {
    const value = values[name];
    return value === undefined ? [] : [{ name, value }];
  });
}

/** One Argo mutex per target workload, named by a hash so any workload name fits. */
function mutexName(target: string): string {
  return `chaosflow-target-${shortHash(target)}`;
}

/** Whether a template takes its target from parameters, so a trigger can point it at the changed workload. */
export function takesTargetParameters(template: TriggerableTemplate): boolean {
  return Object.values(TARGET_PARAMETERS).every((name) => template.parameters.includes(name));
}
