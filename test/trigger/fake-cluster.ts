import type { KubeObject } from '../../src/k8s/objects.js';
import type {
  HandledRevision,
  TriggerCluster,
  TriggerEvent,
  WorkloadRef,
} from '../../src/trigger/cluster.js';
import type { TriggerReporter } from '../../src/trigger/controller.js';
import type { TriggerableTemplate } from '../../src/trigger/triggered-workflow.js';
import type { WatchedWorkload } from '../../src/trigger/workload.js';

/** An in-memory cluster for the controller's decisions; the e2e tier runs the real one. */
export class FakeCluster implements TriggerCluster {
  readonly workflows = new Map<string, KubeObject>();
  readonly events: { workload: WorkloadRef; event: TriggerEvent }[] = [];
  revisions = new Map<string, HandledRevision>();
  templates: TriggerableTemplate[] = [
    { name: 'checkout', namespace: 'litmus', parameters: ['appNamespace', 'appKind', 'appLabel'] },
  ];

  readonly workloads = new Map<string, WatchedWorkload>();

  async readWorkload(ref: Omit<WorkloadRef, 'uid'>): Promise<WatchedWorkload | undefined> {
    return this.workloads.get(`${ref.namespace}/${ref.kind}/${ref.name}`);
  }

  async findTemplates(): Promise<TriggerableTemplate[]> {
    return this.templates;
  }

  async createWorkflow(workflow: KubeObject): Promise<'created' | 'exists'> {
    const name = workflow.metadata.name as string;
    if (this.workflows.has(name)) return 'exists';
    this.workflows.set(name, workflow);
    return 'created';
  }

  async recordEvent(workload: WorkloadRef, event: TriggerEvent): Promise<void> {
    this.events.push({ workload, event });
  }

  async loadRevisions(): Promise<Map<string, HandledRevision>> {
    return new Map(this.revisions);
  }

  async saveRevisions(revisions: ReadonlyMap<string, HandledRevision>): Promise<void> {
    this.revisions = new Map(revisions);
  }
}

/** Counts what the controller reports. */
export class RecordingReporter implements TriggerReporter {
  readonly fires: string[] = [];
  readonly skips: string[] = [];
  fired(kind: 'change' | 'http'): void {
    this.fires.push(kind);
  }
  skipped(reason: string): void {
    this.skips.push(reason);
  }
  observeSubmit(): void {}
  log(): void {}
}
