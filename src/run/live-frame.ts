import type { FaultReport, RunReport } from '../report/run-report.js';
import { runClock } from './run-clock.js';

/**
 * The live view of a run on a terminal, redrawn in place as the run goes: the run with its phase and the time
 * left, one row per fault (stage or verdict, probe success, each probe's status), Litmus's latest Event, and a
 * note (such as "stopping…"). Lines are cut to `width` so a redraw never wraps.
 */
export function liveFrame(report: RunReport, width: number, note?: string): string {
  const { run } = report;
  const { elapsed, left } = runClock(report);
  const clock = `${elapsed} elapsed${left === undefined ? '' : `  ${left} left`}`;
  const steps = Math.max(...report.faults.map((fault) => fault.step.length), 4);
  const rows = report.faults.map(
    (fault) => `  ${fault.step.padEnd(steps)}  ${state(fault).padEnd(18)}${probes(fault)}`,
  );
  const latest = report.faults
    .flatMap((fault) => fault.events.map((event) => ({ fault, event })))
    .sort((a, b) => (a.event.time ?? '').localeCompare(b.event.time ?? ''))
    .at(-1);
  const lines = [
    `${run.namespace}/${run.name}  ${run.phase}  ${clock}${run.guard === undefined ? '' : `  guardian: ${run.guard}`}`,
    ...(run.stopped === undefined ? [] : [`stopped: ${run.stopped}`]),
    ...rows,
    ...(latest === undefined
      ? []
      : [`latest: ${latest.fault.step} ${latest.event.reason}: ${latest.event.message}`]),
    ...(note === undefined ? [] : [note]),
  ];
  return lines.map((line) => cut(line, width)).join('\n');
}

function state(fault: FaultReport): string {
  if (fault.verdict !== undefined && fault.verdict !== 'Awaited') {
    const success = fault.probeSuccessPercentage === undefined ? '' : ` ${fault.probeSuccessPercentage}%`;
    return `${fault.verdict}${success}`;
  }
  return fault.stage;
}

function probes(fault: FaultReport): string {
  return fault.probes.map((probe) => `${probe.name} ${probe.verdict}`).join(', ');
}

function cut(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}
