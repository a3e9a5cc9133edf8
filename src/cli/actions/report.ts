import type { KubeConfig } from '@kubernetes/client-node';
import { clusterUserError } from '../../cluster/api-errors.js';
import { ClusterClients } from '../../cluster/clients.js';
import { loadKubeConfig } from '../../cluster/kubeconfig.js';
import { type RunRef, readRunSnapshot } from '../../cluster/run-snapshot.js';
import { UserError } from '../../errors.js';
import { writeFilesAtomically } from '../../files/write-files.js';
import { displayPath } from '../../load/display-path.js';
import type { ReportFormat } from '../../report/formats.js';
import { renderReport } from '../../report/render-report.js';
import { type RunReport, runReport } from '../../report/run-report.js';
import type { Output } from '../output.js';

/** What `--report` and `--argo-url` give. */
export interface ReportOptions {
  report: Partial<Record<ReportFormat, string>>;
  argoUrl?: string;
}

/** What `chaosflow report` is given. */
export type ReportFlags = ReportOptions & { namespace?: string };

/** Writes the reports of a run, or its Markdown report to stdout when none is asked for. */
export async function runReportCommand(text: string, flags: ReportFlags, output: Output): Promise<void> {
  const config = loadKubeConfig();
  const clients = new ClusterClients(config);
  const ref = runRefOf(text, flags.namespace, config);
  const snapshot = await readRunSnapshot(clients, ref).catch((error: unknown) => {
    throw clusterUserError(error, config.getCurrentCluster()?.server ?? '(none)') ?? error;
  });
  if (snapshot === undefined)
    throw new UserError(
      `there is no run ${ref.namespace}/${ref.name}\n  → list runs with kubectl get workflows -n ${ref.namespace}; a run's report can be written only while its Workflow exists`,
    );
  const report = runReport(snapshot);
  if (Object.keys(flags.report).length === 0) {
    output.stdout(renderReport('md', report, flags.argoUrl));
    return;
  }
  writeReports(report, flags, output);
}

/** A run named `NAME` (in `namespace`, or the kubeconfig context's) or `NAMESPACE/NAME`. */
export function runRefOf(text: string, namespace: string | undefined, config: KubeConfig): RunRef {
  const [first, second] = text.split('/');
  if (second !== undefined) return { namespace: first ?? '', name: second };
  return { namespace: namespace ?? contextNamespace(config), name: text };
}

/** The namespace of the kubeconfig's current context, as kubectl and argo default to it. */
export function contextNamespace(config: KubeConfig): string {
  return config.getContextObject(config.getCurrentContext())?.namespace ?? 'default';
}

/** Writes every report asked for, all or none; one may go to stdout as `-`. */
export function writeReports(report: RunReport, options: ReportOptions, output: Output): void {
  const rendered = Object.entries(options.report).map(([format, path]) => ({
    path: path as string,
    text: renderReport(format as ReportFormat, report, options.argoUrl),
  }));
  const toStdout = rendered.filter((file) => file.path === '-');
  if (toStdout.length > 1)
    throw new UserError(
      '--report sends more than one report to stdout (-)\n  → give all but one of them a file',
    );
  const files = rendered.filter((file) => file.path !== '-');
  writeFilesAtomically(files, 'choose another path for --report');
  for (const file of files) output.stderr(`wrote ${displayPath(file.path)}\n`);
  for (const file of toStdout) output.stdout(file.text);
}
