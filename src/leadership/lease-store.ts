/** A Lease as leader election reads and writes it (the fields of a `coordination.k8s.io/v1` Lease's spec). */
export interface LeaseRecord {
  /** Who holds it; empty when it was released or never held. */
  readonly holder: string;
  /** How long the holder's claim lasts after its last renewal, in whole seconds. */
  readonly durationSeconds: number;
  readonly acquiredAt?: Date;
  readonly renewedAt?: Date;
  /** How many times it has changed hands. */
  readonly transitions: number;
}

/** A Lease as stored: its record and the version it was read at. */
export interface StoredLease extends LeaseRecord {
  readonly version: string;
}

/**
 * The one Lease the candidates compete for. Every write is conditional on the version it was read at, so of two
 * candidates that read the same version only one can write it.
 */
export interface LeaseStore {
  /** Where the Lease is, for messages: `namespace/name`. */
  readonly where: string;
  /** The Lease, or `undefined` when it does not exist. */
  read(): Promise<StoredLease | undefined>;
  /** Creates the Lease; `conflict` when another candidate created it first. */
  create(record: LeaseRecord): Promise<StoredLease | 'conflict'>;
  /** Replaces the Lease read at `version`; `conflict` when it changed since. */
  replace(version: string, record: LeaseRecord): Promise<StoredLease | 'conflict'>;
}
