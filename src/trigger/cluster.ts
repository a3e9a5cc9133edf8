import type { KubeObject } from '../k8s/objects.js';
import type { TriggerKind } from './trigger-request.js';
import type { TriggerableTemplate } from './triggered-workflow.js';
import type { WatchedWorkload } from './workload.js';

/** A workload an Event is recorded on. */
export interface WorkloadRef {
  readonly kind: TriggerKind;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

/** The last revision of a workload the trigger dealt with (ran, skipped, or found unchanged). */
export interface HandledRevision {
  /** Its `metadata.generation`. */
  readonly revision: number;
  /** A hash of its spec, to tell real changes from generation bumps without one ('' when unknown). */
  readonly spec: string;
}

/** A Kubernetes Event about a trigger: why chaos started, or why it did not. */
export interface TriggerEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: 'ChaosTriggered' | 'ChaosSkipped';
  readonly message: string;
}

/**
 * What the trigger needs from the cluster. The service uses the Kubernetes API; unit tests use a fake,
 * and the e2e tier runs the real one against a real API server.
 */
export interface TriggerCluster {
  /** The workload, or `undefined` when there is none. */
  readWorkload(ref: Omit<WorkloadRef, 'uid'>): Promise<WatchedWorkload | undefined>;
  /** WorkflowTemplates labelled `workflow_id=<id>`. */
  findTemplates(workflowId: string): Promise<TriggerableTemplate[]>;
  /** Creates the Workflow; `exists` when one of that name is already there (the trigger already ran). */
  createWorkflow(workflow: KubeObject): Promise<'created' | 'exists'>;
  recordEvent(workload: WorkloadRef, event: TriggerEvent): Promise<void>;
  /** The last revision handled per workload UID, as saved by {@link saveRevisions}. */
  loadRevisions(): Promise<Map<string, HandledRevision>>;
  saveRevisions(revisions: ReadonlyMap<string, HandledRevision>): Promise<void>;
}
