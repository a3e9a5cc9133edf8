import type { RunReport } from '../report/run-report.js';

/** How long a run has gone, and how long it has left until its deadline while it runs. */
export interface RunClock {
  /** `mm:ss` since the run started. */
  readonly elapsed: string;
  /** `mm:ss` until the deadline; absent once the run has ended or when it has no deadline. */
  readonly left?: string;
}

export function runClock(report: RunReport): RunClock {
  const { deadline, startedAt, durationSeconds } = report.run;
  const elapsed = durationSeconds ?? 0;
  if (report.outcome !== 'running' || deadline === undefined || startedAt === undefined)
    return { elapsed: minutes(elapsed) };
  const total = Math.round((Date.parse(deadline) - Date.parse(startedAt)) / 1000);
  return { elapsed: minutes(elapsed), left: minutes(Math.max(0, total - elapsed)) };
}

/** `mm:ss`, minutes counting past 59. */
function minutes(seconds: number): string {
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
