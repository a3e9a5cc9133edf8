import { Command, Option } from 'commander';
import type { RunFlags } from './actions/run.js';
import { collect } from './argument-parsers.js';
import { EXIT } from './exit-codes.js';
import { addHubOption, addImageOptions, addPolicyOption } from './hub-option.js';
import type { Output } from './output.js';
import { addReportOptions } from './report.js';

/** `chaosflow run`: submit one run and follow it to its verdicts. */
export function runCommand(output: Output): Command {
  const command = new Command('run')
    .description(
      'Start one run of an experiment (a file, a WorkflowTemplate or a CronWorkflow) and follow it fault by fault until it ends; the exit code says how it ended.',
    )
    .argument(
      '[source]',
      'an experiment file, workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME',
    )
    .addOption(
      new Option('-p, --parameter <name=value>', 'a parameter of the run (repeatable)')
        .argParser(collect)
        .default([]),
    )
    .option(
      '-n, --namespace <ns>',
      "where the WorkflowTemplate or CronWorkflow is, or the run to follow (default: the kubeconfig context's)",
    )
    .option('--experiment <name>', 'which experiment of a file that exports several')
    .option('--detach', 'submit, print how to follow the run, and exit')
    .option(
      '--follow <run>',
      'follow a run that is already running (NAME or NAMESPACE/NAME), however it was started',
    );
  return addReportOptions(addPolicyOption(addImageOptions(addHubOption(command))))
    .addHelpText(
      'after',
      `
Exit codes: ${EXIT.ok} every verdict Pass; ${EXIT.chaosFailed} the chaos ran and a verdict is not Pass; ${EXIT.incomplete} the run did not
reach its verdicts (stopped, aborted by a guard, past its deadline, an error); ${EXIT.userError} bad input; ${EXIT.detached} detached.
Ctrl-C stops the run (its exit handler reverts the chaos) and waits for the cleanup; a second Ctrl-C detaches.
A run from a file needs the chaos service account and its RBAC in place (chaosflow build --rbac).

Examples:
  $ chaosflow run experiments/checkout.ts --report junit=chaos.xml,md=chaos.md
  $ chaosflow run workflowtemplate/checkout-gameday -n litmus -p appLabel=app=checkout
  $ chaosflow run --follow litmus/checkout-gameday-x7k2p`,
    )
    .action(async (source: string | undefined, flags: RunFlags) => {
      const { runRun } = await import('./actions/run.js');
      await runRun(source, flags, output);
    });
}
