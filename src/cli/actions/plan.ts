import { clusterUserError } from '../../cluster/api-errors.js';
import { ClusterClients } from '../../cluster/clients.js';
import { loadKubeConfig } from '../../cluster/kubeconfig.js';
import { readFaultFacts } from '../../cluster/plan-facts.js';
import { chaosEngine } from '../../compile/chaos-engine.js';
import { validateExperiment } from '../../compile/compile.js';
import { locateFaults } from '../../compile/located-faults.js';
import { resolveParams } from '../../compile/param-uses.js';
import { withSubmittedParams } from '../../compile/param-values.js';
import { TARGET_PARAMETERS } from '../../compile/parameters.js';
import { UserError } from '../../errors.js';
import type { Hub } from '../../hub/hub.js';
import { displayPath } from '../../load/display-path.js';
import { experimentFiles, loadExperiments } from '../../load/experiment-files.js';
import type { ExperimentSpec } from '../../model/experiment.js';
import type { FaultUse } from '../../model/fault-use.js';
import type { ParameterTarget } from '../../model/target.js';
import { type FaultEnv, type FaultPlan, type PlanTarget, planFault } from '../../plan/plan.js';
import { CommandExit, EXIT } from '../exit-codes.js';
import type { HubOptions } from '../hub-option.js';
import type { Output } from '../output.js';
import { hubFromOptions } from './compile-options.js';
import { parametersOf } from './parameter-flags.js';

/** What `chaosflow plan` is given. */
export type PlanFlags = Pick<HubOptions, 'hub'> & {
  cluster?: boolean;
  experiment?: string;
  parameter: string[];
  json?: boolean;
};

/** Prints the plan of each fault step; with `--cluster`, from what the cluster holds now. */
export async function runPlan(file: string, flags: PlanFlags, output: Output): Promise<void> {
  const hub = hubFromOptions(flags);
  const spec = await experimentOf(file, flags, hub);
  const steps = locateFaults(spec.faults).map(({ use }) => ({ use, fault: hub.faults.get(use.fault) }));
  const parameters = parametersOf(flags.parameter);
  if (flags.cluster !== true) {
    for (const { use } of steps)
      output.stdout(`${use.name} (${use.fault}): ${describe(targetOf(spec, use, parameters))}\n`);
    output.stderr('add --cluster to see what each fault would hit now and whether it can run\n');
    return;
  }
  const config = loadKubeConfig();
  const clients = new ClusterClients(config);
  const account = { namespace: spec.chaosNamespace, serviceAccount: spec.chaosServiceAccount };
  const plans = await Promise.all(
    steps.map(async ({ use, fault }) => {
      if (fault === undefined) throw new Error(`fault ${use.fault} passed validation but is not in the hub`);
      const env = envOf(spec, use, fault);
      const facts = await readFaultFacts(clients, fault, env, targetOf(spec, use, parameters), account);
      return planFault(use.name, fault, env, facts);
    }),
  ).catch((error: unknown) => {
    throw clusterUserError(error, config.getCurrentCluster()?.server ?? '(none)') ?? error;
  });
  output.stdout(
    flags.json === true
      ? `${JSON.stringify({ experiment: spec.name, faults: plans }, null, 2)}\n`
      : plans.map(planText).join('\n'),
  );
  if (plans.some((plan) => plan.checks.some((check) => !check.ok))) throw new CommandExit(EXIT.chaosFailed);
}

async function experimentOf(file: string, flags: PlanFlags, hub: Hub): Promise<ExperimentSpec> {
  const { experiments } = await loadExperiments(experimentFiles([file]));
  const names = experiments.map((loaded) => (loaded.value as { name?: string }).name ?? loaded.exportName);
  const index =
    flags.experiment === undefined ? (experiments.length === 1 ? 0 : -1) : names.indexOf(flags.experiment);
  const loaded = experiments[index];
  if (loaded === undefined)
    throw new UserError(
      experiments.length === 0
        ? `${displayPath(file)} exports no experiment\n  → export default experiment({...})`
        : `${flags.experiment === undefined ? `${displayPath(file)} holds ${names.length} experiments` : `no experiment ${flags.experiment} in ${displayPath(file)}`}: ${names.join(', ')}\n  → choose one with --experiment <name>`,
    );
  const given = parametersOf(flags.parameter);
  refuseUnknownParameters(loaded.value, given);
  return validateExperiment(withSubmittedParams(loaded.value, given, hub), { hub });
}

/** A -p that names neither a target parameter nor a param of the experiment would be silently ignored. */
function refuseUnknownParameters(input: unknown, given: Readonly<Record<string, string>>): void {
  const known = [
    ...Object.values(TARGET_PARAMETERS),
    ...new Set(resolveParams(input).uses.map((use) => use.param.name)),
  ];
  const unknown = Object.keys(given).filter((name) => !(known as string[]).includes(name));
  if (unknown.length > 0)
    throw new UserError(
      `-p ${unknown.join(', ')}: not a parameter of the experiment (it has: ${known.join(', ')})\n  → pass only the parameters it declares`,
    );
}

/** The env the step's engine runs with: the ChaosExperiment's defaults, then its tunables. */
function envOf(
  spec: ExperimentSpec,
  use: FaultUse,
  fault: NonNullable<ReturnType<Hub['faults']['get']>>,
): FaultEnv {
  const engine = chaosEngine(spec, use, fault) as unknown as {
    spec: { experiments: { spec: { components?: { env?: { name: string; value: string }[] } } }[] };
  };
  const set = engine.spec.experiments[0]?.spec.components?.env ?? [];
  return Object.fromEntries(
    [...(fault.experiment.spec.definition.env ?? []), ...set].map((variable) => [
      variable.name,
      String(variable.value ?? ''),
    ]),
  );
}

/** The step's target, or why it is not known before the run is submitted. */
function targetOf(
  spec: ExperimentSpec,
  use: FaultUse,
  parameters: Readonly<Record<string, string>>,
): PlanTarget | string {
  const target = use.target ?? spec.target;
  if (target === undefined) return 'the step has no target';
  if (target.type === 'workload') {
    const [label] = Object.entries(target.labels ?? {});
    return {
      namespace: target.namespace,
      kind: target.kind,
      ...(label === undefined ? { names: target.names ?? [] } : { label: `${label[0]}=${label[1]}` }),
    };
  }
  return parameterTarget(target, parameters);
}

/** A target taken from parameters: the values given with -p, else the defaults of its submit form. */
function parameterTarget(
  target: ParameterTarget,
  parameters: Readonly<Record<string, string>>,
): PlanTarget | string {
  const [defaultLabel] = Object.entries(target.defaults.labels ?? {});
  const namespace = parameters.appNamespace ?? target.defaults.namespace;
  const kind = parameters.appKind ?? target.defaults.kind;
  const label = parameters.appLabel ?? defaultLabel?.join('=');
  if (namespace === undefined || kind === undefined || label === undefined)
    return 'the target is given when the run is submitted; pass -p appNamespace=… -p appKind=… -p appLabel=…';
  return { namespace, kind, label };
}

function describe(target: PlanTarget | string): string {
  if (typeof target === 'string') return target;
  return `${target.kind} ${target.label === undefined ? `named ${(target.names ?? []).join(', ')}` : `labelled ${target.label}`} in ${target.namespace}`;
}

function planText(plan: FaultPlan): string {
  const unit = plan.nodes === undefined ? 'pods' : 'nodes';
  const of = plan.nodes === undefined ? plan.pods : plan.nodes.length;
  const lines = [
    `${plan.step} (${plan.fault})`,
    `  affects      ${plan.affected} of ${of} ${unit}${plan.nodes === undefined ? '' : `: ${plan.nodes.join(', ') || 'none'}`}`,
    ...plan.checks.map((check) => `  ${check.ok ? '✔' : '✖'} ${check.check.padEnd(18)} ${check.detail}`),
  ];
  return `${lines.join('\n')}\n`;
}
