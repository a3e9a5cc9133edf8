import { Command, Option } from 'commander';
import type { PlanFlags } from './actions/plan.js';
import { collect } from './argument-parsers.js';
import { addHubOption } from './hub-option.js';
import type { Output } from './output.js';

/** `chaosflow plan`: what each fault of an experiment would hit now, and whether it can run. */
export function planCommand(output: Output): Command {
  const command = new Command('plan')
    .description(
      'Show, read-only, what each fault of an experiment would hit in the cluster now (workloads, pods, how many Litmus would pick, PodDisruptionBudgets, nodes) and whether it can run (ChaosExperiment, permissions, Pod Security).',
    )
    .argument('<file>', 'an experiment file')
    .option('--cluster', 'read the cluster (KUBECONFIG); without it, only what the file says')
    .option('--experiment <name>', 'which experiment of a file that exports several')
    .addOption(
      new Option(
        '-p, --parameter <name=value>',
        "a value given at submit: a target parameter (appNamespace, appKind, appLabel), or a param's value as its submit form shows it",
      )
        .argParser(collect)
        .default([]),
    )
    .option('--json', 'the plan as JSON');
  return addHubOption(command)
    .addHelpText(
      'after',
      '\nExits 3 when a target matches nothing or a check fails, 0 when every check holds.\n\nExamples:\n  $ chaosflow plan experiments/checkout.ts --cluster\n  $ chaosflow plan experiments/on-release.ts --cluster -p appNamespace=shop -p appKind=deployment -p appLabel=app=checkout',
    )
    .action(async (file: string, flags: PlanFlags) => {
      const { runPlan } = await import('./actions/plan.js');
      await runPlan(file, flags, output);
    });
}
