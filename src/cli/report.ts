import { Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { REPORT_FORMATS } from '../report/formats.js';
import type { ReportFlags } from './actions/report.js';
import type { Output } from './output.js';

const FORMATS: readonly string[] = REPORT_FORMATS;

/** `--report junit=FILE,json=FILE,md=FILE` (any subset) as a map from format to file. */
function reportTargets(
  value: string,
  previous: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const targets: Record<string, string> = { ...previous };
  for (const item of value.split(',')) {
    const [format = '', file = ''] = item.split(/=(.*)/s);
    if (!FORMATS.includes(format) || file === '')
      throw new UserError(
        `--report ${item}: not FORMAT=FILE with FORMAT one of ${FORMATS.join(', ')}\n  → for example --report junit=chaos.xml,md=chaos.md`,
      );
    targets[format] = file;
  }
  return targets;
}

/** Adds `--report` and `--argo-url` to a command that reports a run. */
export function addReportOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--report <format=file,...>',
        `write reports: ${FORMATS.join(', ')} (a JUnit file, JSON, Markdown for a pull request); FILE - is stdout`,
      )
        .argParser(reportTargets)
        .default({}),
    )
    .addOption(
      new Option('--argo-url <url>', 'the Argo UI, to link each report to its run').env('CHAOSFLOW_ARGO_URL'),
    );
}

/** `chaosflow report`: the reports of a run that has ended, while its objects exist. */
export function reportCommand(output: Output): Command {
  const command = new Command('report')
    .description(
      'Write the reports of a run (JUnit, JSON, Markdown) from its Workflow and ChaosResults; Markdown to stdout by default.',
    )
    .argument('<run>', 'the run: NAME or NAMESPACE/NAME')
    .option('-n, --namespace <ns>', "the run's namespace (default: the kubeconfig context's)");
  return addReportOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow report litmus/checkout-gameday-x7k2p --report junit=chaos.xml',
    )
    .action(async (run: string, flags: ReportFlags) => {
      const { runReportCommand } = await import('./actions/report.js');
      await runReportCommand(run, flags, output);
    });
}
