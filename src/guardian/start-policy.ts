import type { BlastRadiusPolicy } from '../policy/policy.js';
import { describeWindows, inAllowedWindow } from '../policy/windows.js';
import { isRunning, type RunView } from './run.js';

/**
 * How long after it set out a run counts as starting: a run the guardian first sees later than this (after the
 * service restarted) started under an earlier guardian, and is not judged again.
 */
const STARTING_MS = 60_000;

/**
 * Whether the run is starting now, so that the policy's limits at start apply to it: it sets out when it is
 * created, or, when it waits for a person's approval first, when it has it (its chaos follows at once).
 */
export function isStarting(run: RunView, now: Date): boolean {
  const setOut = setOutOf(run);
  return (
    isRunning(run) &&
    run.awaitingApproval !== true &&
    setOut !== undefined &&
    now.getTime() - setOut < STARTING_MS
  );
}

/**
 * Why the policy forbids `run` to start now, or `undefined`: outside every allowed window, or too many runs
 * already running in its namespace (the runs that set out before it count, not those still waiting for an
 * approval; of two that set out together, the first by name).
 */
export function startRefusal(
  run: RunView,
  live: Iterable<RunView>,
  policy: BlastRadiusPolicy,
  now: Date,
): string | undefined {
  const windows = policy.allowedWindows;
  if (windows !== undefined && !inAllowedWindow(now, windows)) {
    return `it starts at ${now.toISOString()}, outside the policy's allowed windows: ${describeWindows(windows)}`;
  }
  const limit = policy.maxConcurrentRunsPerNamespace;
  if (limit === undefined) return undefined;
  const earlier = [...live].filter(
    (other) =>
      other.uid !== run.uid &&
      other.namespace === run.namespace &&
      isRunning(other) &&
      other.awaitingApproval !== true &&
      startedBefore(other, run),
  );
  return earlier.length >= limit
    ? `${earlier.length} run${earlier.length === 1 ? '' : 's'} already running in namespace ${run.namespace}; the policy's maxConcurrentRunsPerNamespace is ${limit}`
    : undefined;
}

function startedBefore(other: RunView, run: RunView): boolean {
  const a = setOutOf(other) ?? 0;
  const b = setOutOf(run) ?? 0;
  return a < b || (a === b && other.name < run.name);
}

/** When a run set out for its chaos: when it was created, or when its approval was given. */
function setOutOf(run: RunView): number | undefined {
  return run.approvedAt ?? run.created;
}
