import { type KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import type { GuardianAnswer, GuardianCluster, GuardianEvent } from '../guardian/ports.js';
import type { RunRef } from '../guardian/run.js';
import { ARGO_API_VERSION } from '../k8s/objects.js';
import { GUARD_ANNOTATIONS } from '../model/guarded-run.js';
import type { ClusterClients } from './clients.js';
import { recordEvent } from './events.js';

/** The field manager of the guardian's patches, as `kubectl get --show-managed-fields` shows it. */
const FIELD_MANAGER = 'chaosflow-guardian';

/** {@link GuardianCluster} on the Kubernetes API. */
export class KubeGuardianCluster implements GuardianCluster {
  constructor(private readonly clients: ClusterClients) {}

  answer(run: RunRef, answer: GuardianAnswer, reason?: string): Promise<void> {
    return this.patch(run, {
      metadata: {
        annotations: {
          [GUARD_ANNOTATIONS.answer]: answer,
          ...(reason === undefined ? {} : { [GUARD_ANNOTATIONS.reason]: reason }),
        },
      },
    });
  }

  stop(run: RunRef, reason: string): Promise<void> {
    return this.patch(run, {
      metadata: { annotations: { [GUARD_ANNOTATIONS.reason]: reason } },
      spec: { shutdown: 'Stop' },
    });
  }

  async recordEvent(run: RunRef, event: GuardianEvent): Promise<void> {
    const about = { apiVersion: ARGO_API_VERSION, kind: 'Workflow', ...run };
    await recordEvent(this.clients.core, about, { ...event, component: FIELD_MANAGER });
  }

  /**
   * A JSON merge patch of the run, on the condition that it is still the run of that uid: a later run of the
   * same name is never touched (the API server answers 409 Conflict instead).
   */
  private async patch(
    run: RunRef,
    change: { metadata: Record<string, unknown>; spec?: Record<string, unknown> },
  ): Promise<void> {
    const object = {
      apiVersion: ARGO_API_VERSION,
      kind: 'Workflow',
      ...change,
      metadata: { name: run.name, namespace: run.namespace, uid: run.uid, ...change.metadata },
    } as KubernetesObject;
    await this.clients.objects.patch(
      object,
      undefined,
      undefined,
      FIELD_MANAGER,
      undefined,
      PatchStrategy.MergePatch,
    );
  }
}
