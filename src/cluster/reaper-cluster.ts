import { ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { MANAGED_BY_SELECTOR } from '../compile/labels.js';
import type { EngineView, ReaperCluster, RunState } from '../guardian/reaper.js';
import { isFinishedPhase } from '../guardian/run.js';
import { ARGO, LITMUS, LITMUS_API_VERSION } from '../k8s/objects.js';
import { GUARD_ANNOTATIONS } from '../model/guarded-run.js';
import type { ClusterClients } from './clients.js';
import { recordEvent } from './events.js';
import { pagedList } from './informer.js';
import { resourceScope } from './resource-scope.js';

const ENGINES = {
  ...LITMUS,
  plural: 'chaosengines',
  labelSelector: MANAGED_BY_SELECTOR,
} as const;

/** {@link ReaperCluster} on the Kubernetes API, over the engines of `namespaces` (all when empty). */
export class KubeReaperCluster implements ReaperCluster {
  constructor(
    private readonly clients: ClusterClients,
    private readonly namespaces: readonly string[],
  ) {}

  async listEngines(): Promise<EngineView[]> {
    const scopes = this.namespaces.length === 0 ? [undefined] : this.namespaces;
    const lists = await Promise.all(
      scopes.map((namespace) =>
        pagedList(resourceScope(this.clients, ENGINES, namespace).listPage, (o) => o),
      ),
    );
    return lists.flatMap((list) => list.items.map(engineView));
  }

  async runState(run: { namespace: string; name: string }, uid: string): Promise<RunState> {
    const found = await this.read(() =>
      this.clients.custom.getNamespacedCustomObject({ ...ARGO, plural: 'workflows', ...run }),
    );
    if (found === undefined || found.metadata?.uid !== uid) return 'gone';
    const phase = (found as { status?: { phase?: string } }).status?.phase;
    return isFinishedPhase(phase) ? 'ended' : 'running';
  }

  async deleteEngine(engine: EngineView): Promise<void> {
    await this.read(() => this.clients.custom.deleteNamespacedCustomObject(this.engineRef(engine)));
  }

  async engineExists(engine: EngineView): Promise<boolean> {
    return (
      (await this.read(() => this.clients.custom.getNamespacedCustomObject(this.engineRef(engine)))) !==
      undefined
    );
  }

  async recordEvent(
    engine: EngineView,
    event: { type: 'Normal' | 'Warning'; message: string },
  ): Promise<void> {
    const about = {
      apiVersion: LITMUS_API_VERSION,
      kind: 'ChaosEngine',
      name: engine.name,
      namespace: engine.namespace,
    };
    await recordEvent(this.clients.core, about, {
      ...event,
      reason: 'ChaosReaped',
      component: 'chaosflow-guardian',
    });
  }

  private engineRef(engine: EngineView) {
    return {
      group: ENGINES.group,
      version: ENGINES.version,
      plural: ENGINES.plural,
      namespace: engine.namespace,
      name: engine.name,
    };
  }

  /** The object a call returns, or `undefined` on 404 Not Found. */
  private async read(call: () => Promise<unknown>): Promise<KubernetesObject | undefined> {
    try {
      return (await call()) as KubernetesObject;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }
}

function engineView(object: KubernetesObject): EngineView {
  const metadata = object.metadata ?? {};
  const [namespace, name] = (metadata.annotations?.[GUARD_ANNOTATIONS.engineRun] ?? '').split('/');
  return {
    namespace: metadata.namespace ?? '',
    name: metadata.name ?? '',
    runUid: metadata.labels?.workflow_run_id ?? '',
    experiment: metadata.labels?.context ?? '',
    ...(namespace && name ? { run: { namespace, name } } : {}),
    deleting: metadata.deletionTimestamp !== undefined,
  };
}
