import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import { OPT_IN_ANNOTATIONS, optInOf } from '../trigger/opt-in.js';

const OPT_IN_KEYS: readonly string[] = Object.values(OPT_IN_ANNOTATIONS);

/** The metadata that identifies and versions an object (the informer's cache is keyed and versioned by it). */
const IDENTITY = ['name', 'namespace', 'uid', 'generation', 'resourceVersion'] as const;

/**
 * What the service keeps of a watched workload. One that has not opted in is kept as its identity,
 * generation and opt-in annotations: all the trigger reads of it (it drops every other state of such a
 * workload). An opted-in one is kept whole but for `managedFields`, the API server's bookkeeping: change
 * detection and EventTrackerPolicies may read any other field.
 */
export function workloadView(object: KubernetesObject): KubernetesObject {
  const { managedFields, ...metadata } = object.metadata ?? {};
  if (optInOf(metadata.annotations).kind !== 'not-annotated') return { ...object, metadata };
  const identity: V1ObjectMeta = Object.fromEntries(
    IDENTITY.flatMap((key) => (metadata[key] === undefined ? [] : [[key, metadata[key]]])),
  );
  const annotations = Object.fromEntries(
    Object.entries(metadata.annotations ?? {}).filter(([key]) => OPT_IN_KEYS.includes(key)),
  );
  return {
    ...(object.apiVersion === undefined ? {} : { apiVersion: object.apiVersion }),
    ...(object.kind === undefined ? {} : { kind: object.kind }),
    metadata: { ...identity, annotations },
  };
}
