import type { Hub, HubFault } from '../hub/hub.js';
import type { DagTask, Parameter, Template, WorkflowSpec, WorkflowStep } from '../k8s/objects.js';
import { secondsIn } from '../model/duration.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { FaultUse } from '../model/fault-use.js';
import { faultUsesOf, groupsOf } from '../model/flow.js';
import type { Target } from '../model/target.js';
import { approvalSteps, approvalTemplates } from './approval-gate.js';
import { deadlineSeconds } from './deadline.js';
import { engineTemplate, faultTemplate, installTemplate } from './fault-templates.js';
import { guardianGateTemplate } from './guardian-gate.js';
import { type EngineImages, HUB_IMAGES } from './images.js';
import { runMetrics } from './metrics.js';
import { resultName, SCORE_OUTPUT, templateNames } from './names.js';
import type { OutputKind } from './output-kind.js';
import { paramCheckSteps, paramCheckTemplates } from './param-checks.js';
import { withParamRefs } from './param-refs.js';
import type { ResolvedParams } from './param-uses.js';
import { LABEL_GIVEN, targetParameters } from './parameters.js';
import { paramFor, submitParameters } from './params.js';
import { cleanupTemplate, resultTemplate, verdictTemplate } from './run-templates.js';
import { scoreExpression } from './score.js';

/**
 * The Argo WorkflowSpec of an experiment (see "The compiled workflow" in DESIGN.md): `main` installs the
 * faults, runs them (`run-faults`, which outputs the resiliency score), then gates on every verdict; the exit
 * handler `cleanup` deletes the run's ChaosEngines on every path.
 */
export function workflowSpec(
  spec: ExperimentSpec,
  hub: Hub,
  kind: OutputKind,
  images: EngineImages = HUB_IMAGES,
  params: ResolvedParams['uses'] = [],
): WorkflowSpec {
  const uses = faultUsesOf(spec.faults);
  const hubFaults = uniqueFaults(uses, hub);
  const parameters = parameterTarget(spec, uses);
  const submitted = [
    ...(parameters === undefined ? [] : targetParameters(parameters)),
    ...submitParameters(params, hub),
  ];
  return {
    entrypoint: templateNames.main,
    ...(submitted.length === 0 ? {} : { arguments: { parameters: submitted } }),
    serviceAccountName: spec.serviceAccount,
    onExit: templateNames.cleanup,
    activeDeadlineSeconds: deadlineSeconds(spec, hub),
    podGC: {
      strategy: spec.podGC.strategy,
      ...(spec.podGC.deleteDelay === undefined ? {} : { deleteDelayDuration: spec.podGC.deleteDelay }),
    },
    ...(spec.ttl === undefined ? {} : { ttlStrategy: ttlStrategy(spec.ttl) }),
    metrics: { prometheus: runMetrics(spec, uses, kind) },
    templates: [
      mainTemplate(spec, hubFaults, uses, submitted, parameters !== undefined),
      ...paramCheckTemplates(submitted),
      ...approvalTemplates(spec),
      ...(spec.abortWhen === undefined ? [] : [guardianGateTemplate(spec)]),
      ...runFaultsTemplates(spec),
      ...hubFaults.map((fault) => installTemplate(spec, fault, images)),
      ...uses.flatMap((use) => [
        faultTemplate(use),
        engineTemplate(spec, withParamRefs(spec, use, params), hubFault(hub, use.fault), images, (tunable) =>
          paramFor(params, use.name, tunable),
        ),
      ]),
      resultTemplate(spec),
      verdictTemplate(spec),
      cleanupTemplate(spec),
    ],
  };
}

function hubFault(hub: Hub, name: string): HubFault {
  const fault = hub.faults.get(name);
  if (fault === undefined)
    throw new Error(`fault ${name} is not in the hub; checkExperiment should have refused it`);
  return fault;
}

function uniqueFaults(uses: readonly FaultUse[], hub: Hub): HubFault[] {
  return [...new Set(uses.map((use) => use.fault))].map((name) => hubFault(hub, name));
}

/** The target read from parameters, if any step uses one; all such steps share the one set of parameters. */
function parameterTarget(
  spec: ExperimentSpec,
  uses: readonly FaultUse[],
): Extract<Target, { type: 'parameters' }> | undefined {
  const targets = uses.map((use) => use.target ?? spec.target);
  return targets.find(
    (target): target is Extract<Target, { type: 'parameters' }> => target?.type === 'parameters',
  );
}

/**
 * `main`: refuse a parameter outside its enum, wait for an approval when the run needs one, then for the guardian
 * when it has abort conditions, install every fault at once, run the faults, then check every verdict at once. When the target comes from parameters, the faults run only if a label was
 * given: an empty selector must never reach Litmus (it would pick random pods). The verdict gate then fails the
 * run, since no ChaosResult exists.
 */
function mainTemplate(
  spec: ExperimentSpec,
  faults: readonly HubFault[],
  uses: readonly FaultUse[],
  submitted: readonly Parameter[],
  needsLabel: boolean,
): Template {
  const gate = { name: templateNames.waitForGuardian, template: templateNames.waitForGuardian };
  const install = faults.map((fault) => ({
    name: templateNames.install(fault.name),
    template: templateNames.install(fault.name),
  }));
  const run: WorkflowStep = {
    name: templateNames.runFaults,
    template: templateNames.runFaults,
    ...(needsLabel ? { when: LABEL_GIVEN } : {}),
  };
  const verdicts = uses.map((use) => ({
    name: templateNames.verdictStep(use.name),
    template: templateNames.verdict,
    arguments: { parameters: [{ name: 'result', value: resultName(use.name, use.fault) }] },
  }));
  const guarded = spec.abortWhen !== undefined;
  return {
    name: templateNames.main,
    steps: [
      ...paramCheckSteps(submitted),
      ...approvalSteps(spec),
      ...(guarded ? [[gate]] : []),
      install,
      [run],
      verdicts,
    ],
  };
}

/**
 * `run-faults`: the experiment's sequence, or a single step running its DAG (`run-faults-dag`). Every fault
 * step continues on failure and error, so later faults still run and the score counts every fault; the
 * verdict gate in `main` fails the run afterwards. The score is exported from this steps template because
 * Argo copies a steps template's own `globalName` outputs to the workflow, but never a DAG template's.
 */
function runFaultsTemplates(spec: ExperimentSpec): Template[] {
  const score = (scope: 'steps' | 'tasks'): Parameter => ({
    name: SCORE_OUTPUT,
    valueFrom: { expression: scoreExpression(faultUsesOf(spec.faults), scope) },
  });
  const global = ({ name, ...rest }: Parameter): { parameters: Parameter[] } => ({
    parameters: [{ name, globalName: SCORE_OUTPUT, ...rest }],
  });
  if (spec.faults.type === 'sequence') {
    return [
      {
        name: templateNames.runFaults,
        steps: groupsOf(spec.faults).map((group) => group.map(faultStep)),
        outputs: global(score('steps')),
      },
    ];
  }
  const tasks: DagTask[] = spec.faults.tasks.map((use) => ({
    ...faultStep(use),
    ...(use.after === undefined || use.after.length === 0 ? {} : { dependencies: [...use.after] }),
  }));
  const fromDag = {
    name: SCORE_OUTPUT,
    valueFrom: { parameter: `{{steps.dag.outputs.parameters.${SCORE_OUTPUT}}}` },
  };
  return [
    {
      name: templateNames.runFaults,
      steps: [[{ name: 'dag', template: templateNames.runFaultsDag }]],
      outputs: global(fromDag),
    },
    { name: templateNames.runFaultsDag, dag: { tasks }, outputs: { parameters: [score('tasks')] } },
  ];
}

function faultStep(use: FaultUse): WorkflowStep {
  return {
    name: use.name,
    template: templateNames.fault(use.name),
    continueOn: { failed: true, error: true },
  };
}

function ttlStrategy(ttl: NonNullable<ExperimentSpec['ttl']>): NonNullable<WorkflowSpec['ttlStrategy']> {
  return {
    ...(ttl.afterCompletion === undefined ? {} : { secondsAfterCompletion: secondsIn(ttl.afterCompletion) }),
    ...(ttl.afterSuccess === undefined ? {} : { secondsAfterSuccess: secondsIn(ttl.afterSuccess) }),
    ...(ttl.afterFailure === undefined ? {} : { secondsAfterFailure: secondsIn(ttl.afterFailure) }),
  };
}
