import { randomBytes } from 'node:crypto';
import type { CoreV1Api, CoreV1Event, V1ObjectReference } from '@kubernetes/client-node';

/** What a chaosflow component records about an object. */
export interface EventRecord {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** The component that reports it, shown as the Event's source. */
  readonly component: string;
}

/**
 * Creates a core/v1 Event about `about` in its namespace, as `kubectl describe` shows it. The name is the
 * object's with a random suffix, the convention of Kubernetes's own event recorder.
 */
export async function recordEvent(
  core: CoreV1Api,
  about: V1ObjectReference & { readonly name: string; readonly namespace: string },
  event: EventRecord,
): Promise<void> {
  const now = new Date();
  const body: CoreV1Event = {
    metadata: { name: `${about.name}.${randomBytes(8).toString('hex')}`, namespace: about.namespace },
    involvedObject: about,
    type: event.type,
    reason: event.reason,
    message: event.message,
    source: { component: event.component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
  await core.createNamespacedEvent({ namespace: about.namespace, body });
}
