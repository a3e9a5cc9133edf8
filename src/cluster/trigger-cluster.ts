import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import type { KubeObject } from '../k8s/objects.js';
import type { HandledRevision, TriggerCluster, TriggerEvent, WorkloadRef } from '../trigger/cluster.js';
import type { TriggerKind } from '../trigger/trigger-request.js';
import type { TriggerableTemplate } from '../trigger/triggered-workflow.js';
import type { WatchedWorkload } from '../trigger/workload.js';
import { recordEvent } from './events.js';
import { plain } from './workload-watch.js';

const ARGO = { group: 'argoproj.io', version: 'v1alpha1' } as const;

/** The apps/v1 kind of each trigger kind, for Events' involvedObject. */
const KIND_NAMES: Record<TriggerKind, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
};

/** Where the service keeps its state and finds templates. */
export interface KubeClusterOptions {
  /** Namespace of the service: holds the revision store ConfigMap. */
  readonly namespace: string;
  /** Namespaces to look for WorkflowTemplates in; all namespaces when empty. */
  readonly templateNamespaces: readonly string[];
  /** Name of the ConfigMap that stores handled revisions. @defaultValue `chaosflow-trigger-state` */
  readonly stateConfigMap?: string;
}

interface TemplateObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly arguments?: { readonly parameters?: readonly { readonly name: string }[] } };
}

/** {@link TriggerCluster} on the Kubernetes API. */
export class KubeTriggerCluster implements TriggerCluster {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly stateName: string;

  constructor(
    config: KubeConfig,
    private readonly options: KubeClusterOptions,
  ) {
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    this.stateName = options.stateConfigMap ?? 'chaosflow-trigger-state';
  }

  async readWorkload(ref: Omit<WorkloadRef, 'uid'>): Promise<WatchedWorkload | undefined> {
    const params = { name: ref.name, namespace: ref.namespace };
    try {
      switch (ref.kind) {
        case 'deployment':
          return plain(await this.apps.readNamespacedDeployment(params));
        case 'statefulset':
          return plain(await this.apps.readNamespacedStatefulSet(params));
        case 'daemonset':
          return plain(await this.apps.readNamespacedDaemonSet(params));
      }
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw markTransient(error);
    }
  }

  async findTemplates(workflowId: string): Promise<TriggerableTemplate[]> {
    try {
      return (await this.listTemplates(`workflow_id=${workflowId}`)).map(templateOf);
    } catch (error) {
      throw markTransient(error);
    }
  }

  private async listTemplates(labelSelector: string): Promise<TemplateObject[]> {
    const lists: { items: TemplateObject[] }[] =
      this.options.templateNamespaces.length === 0
        ? [await this.custom.listClusterCustomObject({ ...ARGO, plural: 'workflowtemplates', labelSelector })]
        : await Promise.all(
            this.options.templateNamespaces.map((namespace) =>
              this.custom.listNamespacedCustomObject({
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
      await this.custom.createNamespacedCustomObject({
        ...ARGO,
        namespace: workflow.metadata.namespace ?? this.options.namespace,
        plural: 'workflows',
        body: workflow,
      });
      return 'created';
    } catch (error) {
      if (error instanceof ApiException && error.code === 409) return 'exists';
      throw markTransient(error);
    }
  }

  async recordEvent(workload: WorkloadRef, event: TriggerEvent): Promise<void> {
    const about = {
      apiVersion: 'apps/v1',
      kind: KIND_NAMES[workload.kind],
      name: workload.name,
      namespace: workload.namespace,
      ...(workload.uid === undefined ? {} : { uid: workload.uid }),
    };
    await recordEvent(this.core, about, { ...event, component: 'chaosflow-trigger' });
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
        labels: { 'app.kubernetes.io/managed-by': 'chaosflow', 'app.kubernetes.io/component': 'trigger' },
      },
      data: Object.fromEntries(
        [...revisions].map(([uid, { revision, spec }]) => [uid, `${revision}:${spec}`]),
      ),
    };
    const params = { name: this.stateName, namespace: this.options.namespace, body };
    try {
      await this.core.replaceNamespacedConfigMap(params);
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 404)) throw error;
      await this.core.createNamespacedConfigMap({ namespace: this.options.namespace, body });
    }
  }

  private async readState(): Promise<V1ConfigMap | undefined> {
    try {
      return await this.core.readNamespacedConfigMap({
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
 * Marks an error the API server may not give on a retry (unreachable, overloaded, failing) as `retriable`,
 * so `POST /v1/trigger` answers 503 with Retry-After instead of 500.
 */
function markTransient(error: unknown): unknown {
  const transient =
    error instanceof ApiException ? error.code === 429 || error.code >= 500 : error instanceof Error;
  if (transient && error instanceof Error) Object.assign(error, { retriable: true });
  return error;
}
