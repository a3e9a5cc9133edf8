import { ApiException, PatchStrategy, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { MANAGED_BY } from '../compile/labels.js';
import type { LeaseRecord, LeaseStore, StoredLease } from '../leadership/lease-store.js';
import { apiMessage } from './api-errors.js';
import type { ClusterClients } from './clients.js';

const FIELD_MANAGER = 'chaosflow-leader-election';

/**
 * The `coordination.k8s.io/v1` Lease `namespace/name` as a {@link LeaseStore}: written with the
 * resourceVersion it was read at, so the API server refuses (409) a write from a candidate that read an older
 * version. Only get and patch are needed when the Lease exists (the Helm chart creates it, so its Role can name
 * it); create only when it does not.
 */
export function kubeLeaseStore(clients: ClusterClients, namespace: string, name: string): LeaseStore {
  const api = clients.coordination;
  const where = `${namespace}/${name}`;
  return {
    where,
    read: async () => {
      try {
        return storedLease(await api.readNamespacedLease({ name, namespace }));
      } catch (error) {
        if (error instanceof ApiException && error.code === 404) return undefined;
        throw leaseError('read', where, error);
      }
    },
    create: async (record) => {
      const body = leaseBody(namespace, name, record);
      try {
        return storedLease(await api.createNamespacedLease({ namespace, body }));
      } catch (error) {
        if (error instanceof ApiException && error.code === 409) return 'conflict';
        throw leaseError('create', where, error);
      }
    },
    replace: async (version, record) => {
      // A merge patch of the spec that names the version read: the API server applies it only to that version,
      // and leaves the Lease's labels (the chart's) alone.
      const body = leaseBody(namespace, name, record, version);
      try {
        const patched = await clients.objects.patch(
          body,
          undefined,
          undefined,
          FIELD_MANAGER,
          undefined,
          PatchStrategy.MergePatch,
        );
        return storedLease(patched as V1Lease);
      } catch (error) {
        if (error instanceof ApiException && error.code === 409) return 'conflict';
        throw leaseError('update', where, error);
      }
    },
  };
}

function leaseBody(namespace: string, name: string, record: LeaseRecord, version?: string): V1Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace,
      ...(version === undefined ? { labels: { ...MANAGED_BY } } : { resourceVersion: version }),
    },
    spec: {
      holderIdentity: record.holder,
      leaseDurationSeconds: record.durationSeconds,
      leaseTransitions: record.transitions,
      // MicroTime: the API server wants six digits of fraction, which Date's ISO string does not give.
      ...(record.acquiredAt === undefined ? {} : { acquireTime: new V1MicroTime(record.acquiredAt) }),
      ...(record.renewedAt === undefined ? {} : { renewTime: new V1MicroTime(record.renewedAt) }),
    },
  };
}

function storedLease(lease: V1Lease): StoredLease {
  const spec = lease.spec ?? {};
  const time = (value: unknown) =>
    value === undefined || value === null ? undefined : new Date(String(value));
  const acquiredAt = time(spec.acquireTime);
  const renewedAt = time(spec.renewTime);
  return {
    version: lease.metadata?.resourceVersion ?? '',
    holder: spec.holderIdentity ?? '',
    durationSeconds: spec.leaseDurationSeconds ?? 0,
    transitions: spec.leaseTransitions ?? 0,
    ...(acquiredAt === undefined ? {} : { acquiredAt }),
    ...(renewedAt === undefined ? {} : { renewedAt }),
  };
}

function leaseError(verb: string, where: string, error: unknown): Error {
  if (!(error instanceof ApiException)) return error instanceof Error ? error : new Error(String(error));
  const fix =
    error.code === 403
      ? verb === 'create'
        ? `create the Lease (the Helm chart does), or grant create on leases in ${where.split('/')[0]}`
        : `grant get and update on the Lease ${where}`
      : 'the elector retries every retry period';
  return new Error(`cannot ${verb} the leader-election Lease ${where}: ${apiMessage(error)}\n  → ${fix}`, {
    cause: error,
  });
}
