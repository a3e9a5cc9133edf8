import type { Guard } from '../model/guard.js';
import type { GUARDIAN_ANSWERS } from '../model/guarded-run.js';
import type { Reading } from './reading.js';
import type { RunRef } from './run.js';

/** The guardian's answer to a guarded run. */
export type GuardianAnswer = (typeof GUARDIAN_ANSWERS)[keyof typeof GUARDIAN_ANSWERS];

/** A Kubernetes Event about a run: why the guardian stopped or refused it. */
export interface GuardianEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: 'ChaosAborted' | 'ChaosRefused' | 'ChaosEmergencyStop';
  readonly message: string;
}

/**
 * What the guardian needs from the cluster. The service uses the Kubernetes API; unit tests use a fake, and
 * the e2e tier runs the real one against a real API server and Argo controller.
 */
export interface GuardianCluster {
  /** Writes the guardian's answer on the run, with why when it refuses. */
  answer(run: RunRef, answer: GuardianAnswer, reason?: string): Promise<void>;
  /** Stops the run as `argo stop` does (`spec.shutdown: Stop`: the exit handler reverts the chaos), saying why. */
  stop(run: RunRef, reason: string): Promise<void>;
  recordEvent(run: RunRef, event: GuardianEvent): Promise<void>;
}

/** What the guardian tells its owner: metrics and logs. */
export interface GuardianReporter {
  /** A condition was evaluated, `lateSeconds` after it was due (waiting for its turn, then reading). */
  evaluated(type: Guard['type'], state: Reading['state'], lateSeconds: number): void;
  aborted(experiment: string, condition: string): void;
  refused(experiment: string): void;
  /** The emergency stop stopped a run of `experiment`. */
  emergencyStopped(experiment: string): void;
  /** How many runs the guardian watches now. */
  watching(runs: number): void;
  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
}
