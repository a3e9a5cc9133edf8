import type { FaultReport, RunReport } from '../report/run-report.js';
import { runClock } from './run-clock.js';

/**
 * What changed between two reports of a run, one line per change, for a log or a pipe: the run's phase, each
 * fault's stage, verdict and probes, every new Event Litmus recorded, and a stop with its reason. Each line
 * starts with the time into the run and, while it runs, the time left until its deadline.
 */
export function progressLines(previous: RunReport | undefined, current: RunReport): string[] {
  const clock = clockOf(current);
  const lines: string[] = [];
  if (previous?.run.phase !== current.run.phase)
    lines.push(
      `run ${current.run.namespace}/${current.run.name}: ${current.run.phase}${current.run.message ? ` (${current.run.message})` : ''}`,
    );
  if (current.run.guard !== undefined && previous?.run.guard !== current.run.guard)
    lines.push(`guardian: ${current.run.guard}`);
  if (current.run.stopped !== undefined && previous?.run.stopped !== current.run.stopped)
    lines.push(`run stopped: ${current.run.stopped}`);
  for (const fault of current.faults) {
    const before = previous?.faults.find((candidate) => candidate.step === fault.step);
    lines.push(...faultChanges(before, fault));
  }
  return lines.map((line) => `${clock} ${line}\n`);
}

function faultChanges(before: FaultReport | undefined, fault: FaultReport): string[] {
  return [
    ...newEvents(before, fault),
    ...stageChange(before, fault),
    ...probeChanges(before, fault),
    ...verdictChange(before, fault),
  ].map((change) => `${fault.step}: ${change}`);
}

function newEvents(before: FaultReport | undefined, fault: FaultReport): string[] {
  const seen = new Set((before?.events ?? []).map(eventKey));
  return fault.events
    .filter((event) => !seen.has(eventKey(event)))
    .map((event) => `${event.on} ${event.reason}: ${event.message}`);
}

function stageChange(before: FaultReport | undefined, fault: FaultReport): string[] {
  const shown = fault.stage !== 'waiting' && fault.stage !== 'finished';
  return before?.stage !== fault.stage && shown ? [fault.stage] : [];
}

function probeChanges(before: FaultReport | undefined, fault: FaultReport): string[] {
  return fault.probes.flatMap((probe) => {
    const was = before?.probes.find((candidate) => candidate.name === probe.name)?.verdict ?? 'Unknown';
    if (probe.verdict === was || probe.verdict === 'Unknown') return [];
    return [
      `probe ${probe.name} (${probe.mode}) ${probe.verdict}${probe.description ? `: ${probe.description}` : ''}`,
    ];
  });
}

function verdictChange(before: FaultReport | undefined, fault: FaultReport): string[] {
  const settled = fault.verdict !== undefined && fault.verdict !== 'Awaited';
  if (!settled || before?.verdict === fault.verdict) return [];
  const failure = fault.failure === undefined ? '' : ` (${fault.failure})`;
  const success =
    fault.probeSuccessPercentage === undefined ? '' : `, probe success ${fault.probeSuccessPercentage}%`;
  return [`verdict ${fault.verdict}${failure}${success}, weight ${fault.weight}`];
}

function eventKey(event: FaultReport['events'][number]): string {
  return `${event.time}|${event.on}|${event.reason}|${event.message}`;
}

/** `[01:05 | 14:55 left]`, or `[01:05]` once the run has ended or has no deadline. */
function clockOf(report: RunReport): string {
  const { elapsed, left } = runClock(report);
  return left === undefined ? `[${elapsed}]` : `[${elapsed} | ${left} left]`;
}

/** The end of a run in a few lines: each fault's verdict, then the outcome and the score. */
export function summaryLines(report: RunReport): string[] {
  const width = Math.max(...report.faults.map((fault) => fault.step.length), 4);
  const rows = report.faults.map((fault) => {
    const verdict =
      fault.verdict ?? (fault.stage === 'skipped' || fault.stage === 'waiting' ? 'not run' : 'no verdict');
    const success =
      fault.probeSuccessPercentage === undefined ? '' : `  probes ${fault.probeSuccessPercentage}%`;
    return `  ${fault.step.padEnd(width)}  ${verdict}${success}`;
  });
  const outcome = {
    passed: 'passed: every verdict is Pass',
    'chaos-failed': 'chaos failed: a verdict is not Pass',
    incomplete: 'did not complete',
    running: 'still running',
  }[report.outcome];
  const why =
    report.outcome === 'incomplete'
      ? `: ${report.run.stopped ?? report.run.message ?? report.run.phase}`
      : '';
  const score = report.run.score === undefined ? '' : ` (resiliency score ${report.run.score})`;
  return [...rows, `${report.run.experiment || report.run.name} ${outcome}${why}${score}`].map(
    (line) => `${line}\n`,
  );
}
