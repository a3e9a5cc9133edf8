import { clusterUserError } from '../../cluster/api-errors.js';
import { ClusterClients } from '../../cluster/clients.js';
import { KubeGuardianCluster } from '../../cluster/guardian-cluster.js';
import { loadKubeConfig } from '../../cluster/kubeconfig.js';
import { type RunRef, readRunSnapshot } from '../../cluster/run-snapshot.js';
import { readRunTemplate, submitWorkflow } from '../../cluster/run-submitter.js';
import { UserError } from '../../errors.js';
import type { KubeObject } from '../../k8s/objects.js';
import { displayPath } from '../../load/display-path.js';
import { type RunReport, runReport } from '../../report/run-report.js';
import { summaryLines } from '../../run/progress.js';
import { linePrinter, livePrinter, type RunPrinter } from '../../run/run-printer.js';
import {
  parseRunSource,
  type RunSource,
  withParameters,
  workflowFromCron,
  workflowFromTemplate,
} from '../../run/run-source.js';
import { CommandExit, EXIT } from '../exit-codes.js';
import type { HubOptions } from '../hub-option.js';
import type { Output } from '../output.js';
import { compileFiles, reportSkipped } from './compile-files.js';
import { hubFromOptions, imagesFromOptions, policyFromOptions } from './compile-options.js';
import { parametersOf } from './parameter-flags.js';
import { contextNamespace, type ReportOptions, runRefOf, writeReports } from './report.js';

/** What `chaosflow run` is given. */
export type RunFlags = HubOptions &
  ReportOptions & {
    parameter: string[];
    namespace?: string;
    experiment?: string;
    detach?: boolean;
    follow?: string;
  };

/** How often a followed run is read. */
const POLL_MS = 1000;

/** The exit code of each way a run can end. */
const OUTCOME_EXIT = {
  passed: EXIT.ok,
  'chaos-failed': EXIT.chaosFailed,
  incomplete: EXIT.incomplete,
} as const;

/**
 * Submits a run of `source` (or follows `--follow`), prints what it does until it ends, writes the reports asked
 * for, and ends with the exit code of its outcome.
 */
export async function runRun(source: string | undefined, flags: RunFlags, output: Output): Promise<void> {
  refuseAmbiguous(source, flags.follow);
  // A file and its parameters are checked before the cluster is asked anything.
  const parameters = parametersOf(flags.parameter);
  const parsed = source === undefined ? undefined : parseRunSource(source);
  const compiled =
    parsed?.kind === 'file'
      ? withParameters(await compiledWorkflow(parsed.path, flags, output), parameters)
      : undefined;
  const config = loadKubeConfig();
  const server = config.getCurrentCluster()?.server ?? '(none)';
  const clients = new ClusterClients(config);
  const inCluster = <T>(call: Promise<T>) =>
    call.catch((error: unknown) => {
      throw clusterUserError(error, server) ?? error;
    });
  const ref =
    parsed === undefined
      ? runRefOf(flags.follow ?? '', flags.namespace, config)
      : await inCluster(
          submit(compiled, parsed, parameters, flags.namespace ?? contextNamespace(config), clients),
        );
  if (parsed !== undefined) output.stderr(`submitted ${ref.namespace}/${ref.name}\n`);
  if (flags.detach === true) {
    output.stdout(`${ref.namespace}/${ref.name}\n`);
    output.stderr(`follow it with: chaosflow run --follow ${ref.namespace}/${ref.name}\n`);
    return;
  }
  const printer = await printerFor(output);
  const report = await inCluster(follow(clients, ref, printer)).finally(() => printer.done());
  for (const line of summaryLines(report)) output.stdout(line);
  if (Object.keys(flags.report).length > 0) writeReports(report, flags, output);
  const code = OUTCOME_EXIT[report.outcome as keyof typeof OUTCOME_EXIT];
  if (code !== EXIT.ok) throw new CommandExit(code);
}

function refuseAmbiguous(source: string | undefined, follow: string | undefined): void {
  if (follow !== undefined && source !== undefined)
    throw new UserError(`both ${source} and --follow ${follow} given\n  → start a run, or follow one`);
  if (follow === undefined && source === undefined)
    throw new UserError(
      'nothing to run\n  → give an experiment file, workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME, or --follow <run>',
    );
}

/** Submits the compiled Workflow of a file, or a run of the WorkflowTemplate or CronWorkflow named. */
async function submit(
  compiled: KubeObject | undefined,
  source: RunSource,
  parameters: Readonly<Record<string, string>>,
  namespace: string,
  clients: ClusterClients,
): Promise<RunRef> {
  const workflow = compiled ?? (await fromTemplate(source as TemplateSource, namespace, parameters, clients));
  return submitWorkflow(clients, workflow);
}

type TemplateSource = Exclude<RunSource, { kind: 'file' }>;

/** A run of a (Cluster)WorkflowTemplate or CronWorkflow in the cluster, as `argo submit --from` makes it. */
async function fromTemplate(
  source: TemplateSource,
  namespace: string,
  parameters: Readonly<Record<string, string>>,
  clients: ClusterClients,
): Promise<KubeObject> {
  const template = await readRunTemplate(clients, source.kind, namespace, source.name);
  return source.kind === 'cronworkflow'
    ? workflowFromCron(template, parameters)
    : workflowFromTemplate(template, parameters, namespace);
}

async function compiledWorkflow(path: string, flags: RunFlags, output: Output): Promise<KubeObject> {
  const { compiled, skipped } = await compileFiles([path], {
    hub: hubFromOptions(flags),
    images: imagesFromOptions(flags),
    ...policyFromOptions(flags),
    kind: 'workflow',
  });
  reportSkipped(skipped, output);
  const names = compiled.map((experiment) => experiment.name);
  const chosen =
    flags.experiment === undefined
      ? compiled.length === 1
        ? compiled[0]
        : undefined
      : compiled.find((experiment) => experiment.name === flags.experiment);
  if (chosen === undefined)
    throw new UserError(
      compiled.length === 0
        ? `${displayPath(path)} exports no experiment\n  → export default experiment({...})`
        : `${flags.experiment === undefined ? `${displayPath(path)} holds ${names.length} experiments` : `no experiment ${flags.experiment} in ${displayPath(path)}`}: ${names.join(', ')}\n  → choose one with --experiment <name>`,
    );
  for (const warning of chosen.warnings) output.stderr(`warning: ${warning}\n`);
  const workflow = chosen.objects.find((object) => object.kind === 'Workflow');
  if (workflow === undefined) throw new Error(`compiling ${chosen.name} as a workflow gave no Workflow`);
  return workflow;
}

/** Ctrl-C while a run is followed: the first is told at once, each is counted and wakes the wait between reads. */
class Interrupts {
  count = 0;
  private wake: () => void = () => {};
  private readonly onSignal = () => {
    this.count += 1;
    if (this.count === 1) this.onFirst();
    this.wake();
  };

  constructor(private readonly onFirst: () => void) {
    process.on('SIGINT', this.onSignal);
  }

  /** Waits `ms`, or until the next Ctrl-C. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
  }
}

/**
 * Shows what a run does until it ends. The first Ctrl-C stops it with `spec.shutdown: Stop` (Argo runs its exit
 * handler, which deletes the engines, so Litmus reverts the chaos) and keeps following until the cleanup is done;
 * the second detaches.
 */
async function follow(clients: ClusterClients, ref: RunRef, printer: RunPrinter): Promise<RunReport> {
  const where = `${ref.namespace}/${ref.name}`;
  let latest: RunReport | undefined;
  let stopping: Promise<void> | undefined;
  const stopOnce = () => {
    if (stopping !== undefined || latest === undefined || latest.outcome !== 'running') return;
    stopping = stopRun(clients, { ...ref, uid: latest.run.uid }, printer);
  };
  const interrupts = new Interrupts(stopOnce);
  try {
    for (;;) {
      if (interrupts.count > 1) {
        await stopping;
        printer.note(`detached from ${where}; follow it again with: chaosflow run --follow ${where}`);
        throw new CommandExit(EXIT.detached);
      }
      const snapshot = await readRunSnapshot(clients, ref);
      if (snapshot === undefined) return gone(where, latest !== undefined, ref.namespace, printer);
      latest = runReport(snapshot);
      // A Ctrl-C before the run was first read stops it now.
      if (interrupts.count === 1) stopOnce();
      printer.show(latest);
      if (latest.outcome !== 'running') return latest;
      await interrupts.pause(POLL_MS);
    }
  } finally {
    interrupts.dispose();
  }
}

/** A run that is not there: never was (bad input), or was deleted while followed. */
function gone(where: string, seen: boolean, namespace: string, printer: RunPrinter): never {
  if (!seen)
    throw new UserError(`there is no run ${where}\n  → list runs with kubectl get workflows -n ${namespace}`);
  printer.note(`${where} was deleted before it ended; chaosflow serve's reaper deletes engines it left`);
  throw new CommandExit(EXIT.incomplete);
}

/** Asks Argo to stop the run; resolves once the API server has it (or said why not). */
function stopRun(clients: ClusterClients, run: RunRef & { uid: string }, printer: RunPrinter): Promise<void> {
  const where = `${run.namespace}/${run.name}`;
  printer.note(
    `stopping ${where}: its exit handler reverts the chaos; waiting for it (Ctrl-C again to detach)`,
  );
  return new KubeGuardianCluster(clients)
    .stop(run, 'stopped from chaosflow run (Ctrl-C)')
    .catch((error: unknown) => printer.note(`could not stop ${where}: ${String(error)}`));
}

/**
 * The live view redrawn in place (log-update, loaded only then) when stdout is a terminal; otherwise one line per
 * change.
 */
async function printerFor(output: Output): Promise<RunPrinter> {
  if (output.width === undefined) return linePrinter(output.stdout, output.stderr);
  const { default: logUpdate } = await import('log-update');
  // A terminal that reports no size (0 columns) is drawn 80 wide.
  return livePrinter(logUpdate, () => output.width || 80);
}
