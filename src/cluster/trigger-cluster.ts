import { ApiException, type V1ConfigMap } from '@kubernetes/client-node';
import { MANAGED_BY } from '../compile/labels.js';
import { ARGO, type KubeObject } from '../k8s/objects.js';
import { WORKLOAD_KINDS } from '../model/workload-kinds.js';
import type { HandledRevision, TriggerCluster, TriggerEvent, WorkloadRef } from '../trigger/cluster.js';
import { TransientError } from '../trigger/refusal.js';
import { DEFAULT_STATE_CONFIG_MAP } from '../trigger/revision-store.js';
import type { TriggerableTemplate } from '../trigger/triggered-workflow.js';
import type { WatchedWorkload } from '../trigger/workload.js';
import type { ClusterClients } from './clients.js';
import { recordEvent } from './events.js';
import { asWorkload } from './workload-watch.js';

/** Where the service keeps its state and finds templates. */
export interface KubeClusterOptions {
  /** Namespace of the service: holds the revision store ConfigMap. */
  readonly namespace: string;
  /** Namespaces to look for WorkflowTemplates in; all namespaces when empty. */
  readonly templateNamespaces: readonly string[];
  /** Name of the ConfigMap that stores handled revisions. @defaultValue {@link DEFAULT_STATE_CONFIG_MAP} */
  readonly stateConfigMap?: string;
}

interface TemplateObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly arguments?: { readonly parameters?: readonly { readonly name: string }[] } };
}

/** {@link TriggerCluster} on the Kubernetes API. */
export class KubeTriggerCluster implements TriggerCluster {
  private readonly stateName: string;

  constructor(
    private readonly clients: ClusterClients,
    private readonly options: KubeClusterOptions,
  ) {
    this.stateName = options.stateConfigMap ?? DEFAULT_STATE_CONFIG_MAP;
  }

  async readWorkload(ref: Omit<WorkloadRef, 'uid'>): Promise<WatchedWorkload | undefined> {
    const { group, version, resource: plural } = WORKLOAD_KINDS[ref.kind];
    try {
      const params = { group, version, plural, namespace: ref.namespace, name: ref.name };
      return asWorkload(await this.clients.custom.getNamespacedCustomObject(params));
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw transientOr(error);
    }
  }

  async findTemplates(workflowId: string): Promise<TriggerableTemplate[]> {
    try {
      return (await this.listTemplates(`workflow_id=${workflowId}`)).map(templateOf);
    } catch (error) {
      throw transientOr(error);
    }
  }

  private async listTemplates(labelSelector: string): Promise<TemplateObject[]> {
    const lists: { items: TemplateObject[] }[] =
      this.options.templateNamespaces.length === 0
        ? [
            await this.clients.custom.listClusterCustomObject({
              ...ARGO,
              plural: 'workflowtemplates',
              labelSelector,
            }),
          ]
        : await Promise.all(
            this.options.templateNamespaces.map((namespace) =>
              this.clients.custom.listNamespacedCustomObject({
                ...ARGO,
                namespace,
                plural: 'workflowtemplates',
                labelSelector,
              }),
            ),
          );
    return lists.flatMap((list) => list.items);
  }

  async createWorkflow(workflow: KubeObject): Promise<'created' | 'exists'> {
    try {
      await this.clients.custom.createNamespacedCustomObject({
        ...ARGO,
        namespace: workflow.metadata.namespace ?? this.options.namespace,
        plural: 'workflows',
        body: workflow,
      });
      return 'created';
    } catch (error) {
      if (error instanceof ApiException && error.code === 409) return 'exists';
      throw transientOr(error);
    }
  }

  async recordEvent(workload: WorkloadRef, event: TriggerEvent): Promise<void> {
    const about = {
      apiVersion: 'apps/v1',
      kind: WORKLOAD_KINDS[workload.kind].kind,
      name: workload.name,
      namespace: workload.namespace,
      ...(workload.uid === undefined ? {} : { uid: workload.uid }),
    };
    await recordEvent(this.clients.core, about, { ...event, component: 'chaosflow-trigger' });
  }

  async loadRevisions(): Promise<Map<string, HandledRevision>> {
    const configMap = await this.readState();
    return new Map(
      Object.entries(configMap?.data ?? {}).flatMap(([uid, value]) => {
        const match = /^(\d+):([0-9a-f]*)$/.exec(value);
        return match === null ? [] : [[uid, { revision: Number(match[1]), spec: match[2] ?? '' }] as const];
      }),
    );
  }

  /** Stored as `<uid>: "<generation>:<spec hash>"`, one key per workload, in one ConfigMap. */
  async saveRevisions(revisions: ReadonlyMap<string, HandledRevision>): Promise<void> {
    const body: V1ConfigMap = {
      metadata: {
        name: this.stateName,
        namespace: this.options.namespace,
        labels: { ...MANAGED_BY, 'app.kubernetes.io/component': 'trigger' },
      },
      data: Object.fromEntries(
        [...revisions].map(([uid, { revision, spec }]) => [uid, `${revision}:${spec}`]),
      ),
    };
    const params = { name: this.stateName, namespace: this.options.namespace, body };
    try {
      await this.clients.core.replaceNamespacedConfigMap(params);
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) throw error;
      await this.clients.core.createNamespacedConfigMap({ namespace: this.options.namespace, body });
    }
  }

  private async readState(): Promise<V1ConfigMap | undefined> {
    try {
      return await this.clients.core.readNamespacedConfigMap({
        name: this.stateName,
        namespace: this.options.namespace,
      });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }
}

function templateOf(object: TemplateObject): TriggerableTemplate {
  return {
    name: object.metadata?.name ?? '',
    namespace: object.metadata?.namespace ?? '',
    parameters: (object.spec?.arguments?.parameters ?? []).map((parameter) => parameter.name),
  };
}

/**
 * The error as a {@link TransientError} when the API server may not give it on a retry (unreachable,
 * overloaded, failing), so `POST /v1/trigger` answers 503 with Retry-After instead of 500.
 */
function transientOr(error: unknown): unknown {
  const transient =
    error instanceof ApiException ? error.code === 429 || error.code >= 500 : error instanceof Error;
  return transient && error instanceof Error ? new TransientError(error.message, { cause: error }) : error;
}
