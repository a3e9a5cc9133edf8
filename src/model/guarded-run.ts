import type { Issue } from '../errors.js';
import { type Guard, guardsSchema } from './guard.js';
import { toIssues } from './zod-issues.js';

/**
 * How a run and chaosflow's guardian talk, through annotations on the run's Workflow: the run carries its abort
 * conditions; the guardian answers whether it watches the run, and writes why it refused or stopped one.
 */
export const GUARD_ANNOTATIONS = {
  /** The run's abort conditions, as JSON. */
  conditions: 'chaosflow.io/abort-when',
  /**
   * The guardian's answer, which the run's `wait-for-guardian` step waits for. Without a prefix: Argo's resource
   * conditions address fields by a path in which `/` and an escaped `.` are not allowed.
   */
  answer: 'chaosflow-guardian',
  /** Why the guardian refused the run or stopped it. */
  reason: 'chaosflow.io/guardian-reason',
  /**
   * On a run that waits for a person first: the approval's timeout. The guardian judges such a run (policy, then
   * its conditions) once it is released, when its chaos is about to start, not when it was created.
   */
  approval: 'chaosflow.io/approval',
  /**
   * On a ChaosEngine: the run that made it, `<namespace>/<name>`, so the guardian's reaper can tell whether the
   * run still exists and runs (an engine may live in another namespace than its run).
   */
  engineRun: 'chaosflow.io/run',
} as const;

/** The guardian's answers to a guarded run. */
export const GUARDIAN_ANSWERS = {
  /** The guardian evaluates the run's conditions from now on: chaos may start. */
  watching: 'watching',
  /** The guardian will not let this run inject chaos (emergency stop, policy, unreadable conditions). */
  refused: 'refused',
} as const;

/** The annotation value that carries `guards`: indented JSON, readable in the compiled YAML. */
export function encodeGuards(guards: readonly Guard[]): string {
  return JSON.stringify(guards, null, 2);
}

/** The guards an annotation value carries, or every problem that makes it unusable. */
export function decodeGuards(text: string): { ok: true; guards: Guard[] } | { ok: false; issues: Issue[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: GUARD_ANNOTATIONS.conditions, message: `not JSON: ${String(error)}` }],
    };
  }
  const result = guardsSchema.safeParse(data, { reportInput: true });
  return result.success
    ? { ok: true, guards: result.data }
    : { ok: false, issues: toIssues(result.error, data) };
}
