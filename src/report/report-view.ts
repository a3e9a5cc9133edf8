import type { FaultReport, RunReport } from './run-report.js';

/** How a fault is shown in a report: passed, failed (its verdict is Fail), error (no verdict), skipped. */
type FaultResult = 'passed' | 'failed' | 'error' | 'skipped';

/** What the report templates show of a fault. */
interface FaultView {
  readonly fault: FaultReport;
  readonly result: FaultResult;
  /** One line: the verdict, Litmus's reason, and each probe that did not pass. */
  readonly summary: string;
  readonly seconds: string;
  readonly duration: string;
  readonly probeList: string;
}

/** What the report templates are given. */
export interface ReportView {
  readonly report: RunReport;
  readonly faults: readonly FaultView[];
  readonly counts: Readonly<Record<FaultResult, number>> & { readonly total: number };
  readonly seconds: string;
  readonly duration: string;
  /** The run's own failure when it did not reach its verdicts, for a report of its own. */
  readonly runError?: string;
  readonly headline: string;
  readonly argoUrl?: string;
}

/** The view of a report for its templates; `argoUrl` is the Argo UI's base URL, when known. */
export function reportView(report: RunReport, argoUrl?: string): ReportView {
  const faults = report.faults.map(faultView);
  const count = (result: FaultResult) => faults.filter((view) => view.result === result).length;
  const runError = report.outcome === 'incomplete' ? runErrorOf(report) : undefined;
  return {
    report,
    faults,
    counts: {
      total: faults.length,
      passed: count('passed'),
      failed: count('failed'),
      error: count('error'),
      skipped: count('skipped'),
    },
    seconds: seconds(report.run.durationSeconds),
    duration: duration(report.run.durationSeconds),
    ...(runError === undefined ? {} : { runError }),
    headline: headlineOf(report),
    ...(argoUrl === undefined
      ? {}
      : { argoUrl: `${argoUrl.replace(/\/+$/, '')}/workflows/${report.run.namespace}/${report.run.name}` }),
  };
}

function faultView(fault: FaultReport): FaultView {
  const result: FaultResult =
    fault.verdict === 'Pass'
      ? 'passed'
      : fault.verdict === 'Fail'
        ? 'failed'
        : fault.stage === 'skipped' || fault.stage === 'waiting'
          ? 'skipped'
          : 'error';
  return {
    fault,
    result,
    summary: summaryOf(fault, result),
    seconds: seconds(fault.durationSeconds),
    duration: duration(fault.durationSeconds),
    probeList: fault.probes.map((probe) => `${probe.name}: ${probe.verdict}`).join(', '),
  };
}

function summaryOf(fault: FaultReport, result: FaultResult): string {
  if (result === 'skipped') return `${fault.step} did not run: the run ended before it`;
  const verdict = fault.verdict ?? 'no verdict';
  const reasons = [
    ...(fault.failure === undefined ? [] : [fault.failure]),
    ...fault.probes
      .filter((probe) => probe.verdict !== 'Passed')
      .map(
        (probe) =>
          `probe ${probe.name} ${probe.verdict}${probe.description ? ` (${probe.description})` : ''}`,
      ),
  ];
  return `${fault.step} (${fault.fault}): verdict ${verdict}${reasons.length === 0 ? '' : `: ${reasons.join('; ')}`}`;
}

function runErrorOf(report: RunReport): string {
  const { run } = report;
  const why = run.stopped ?? run.message ?? 'it ended before its verdicts';
  return `run ${run.namespace}/${run.name} ${run.phase}: ${why}`;
}

function headlineOf(report: RunReport): string {
  const { run, outcome } = report;
  const score = run.score === undefined ? '' : `, score ${run.score}`;
  const words = {
    passed: 'passed',
    'chaos-failed': 'failed: a verdict is not Pass',
    incomplete: 'did not complete',
    running: 'is running',
  } as const;
  return `${run.experiment || run.name} ${words[outcome]}${score}`;
}

function seconds(value: number | undefined): string {
  return (value ?? 0).toFixed(3);
}

/** `1m 5s`, `12s`, `1h 2m`. */
function duration(value: number | undefined): string {
  if (value === undefined) return '–';
  const h = Math.floor(value / 3600);
  const m = Math.floor((value % 3600) / 60);
  const s = value % 60;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}
