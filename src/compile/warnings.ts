import type { Hub, HubFault } from '../hub/hub.js';
import type { ExperimentSpec } from '../model/experiment.js';
import { faultUsesOf } from '../model/flow.js';
import type { OutputKind } from './output-kind.js';

/**
 * What a user should know before running an experiment: a schedule the output kind leaves out, abort conditions
 * a pipeline calling a ClusterWorkflowTemplate cannot have watched, faults whose
 * helper pods need privileges that a restricted namespace refuses, Secrets that must exist first, and faults
 * that act beyond one namespace.
 */
export function compileWarnings(spec: ExperimentSpec, hub: Hub, kind: OutputKind): string[] {
  const names = [...new Set(faultUsesOf(spec.faults).map((use) => use.fault))];
  const faults = names.flatMap((name) => hub.faults.get(name) ?? []);
  const privileged = faults.filter((fault) => fault.privileged || fault.runtimeSocket);
  const clusterScoped = faults.filter((fault) => fault.scope === 'Cluster');
  return [
    ...(spec.schedule === undefined || kind === 'cron'
      ? []
      : [
          `its schedule (${[spec.schedule.cron].flat().join(', ')}) is left out: a ${KIND_NAMES[kind]} has none; build it with --kind cron (the default for a scheduled experiment) to run it on schedule`,
        ]),
    ...(spec.abortWhen === undefined || kind !== 'cluster-template'
      ? []
      : [
          `a pipeline that calls it through templateRef runs its chaos inside the pipeline's own Workflow, which chaosflow's guardian does not watch: that run fails at wait-for-guardian without chaos; submit it as a run of its own (argo submit --from clusterworkflowtemplate/${spec.name}) to have it guarded`,
        ]),
    ...(privileged.length === 0
      ? []
      : [
          `${listed(privileged)} start${privileged.length === 1 ? 's' : ''} privileged helper pods on the target's nodes; namespace "${spec.chaosNamespace}" must allow privileged pods (Pod Security Admission level "privileged")`,
        ]),
    ...faults.flatMap((fault) =>
      fault.secrets.map(
        (secret) =>
          `fault ${fault.name} mounts Secret "${secret.name}" at ${secret.mountPath}; create it in namespace "${spec.chaosNamespace}" before running`,
      ),
    ),
    ...(clusterScoped.length === 0
      ? []
      : [
          `${listed(clusterScoped)} ${clusterScoped.length === 1 ? 'is' : 'are'} cluster-scoped: ${clusterScoped.length === 1 ? 'it acts' : 'they act'} on nodes or across namespaces, beyond the target, and the chaos ServiceAccount needs a ClusterRole (emitted with --rbac)`,
        ]),
  ].map((warning) => `${spec.name}: ${warning}`);
}

const KIND_NAMES = {
  template: 'WorkflowTemplate',
  'cluster-template': 'ClusterWorkflowTemplate',
  workflow: 'Workflow',
  cron: 'CronWorkflow',
} as const satisfies Record<OutputKind, string>;

function listed(faults: readonly HubFault[]): string {
  return `fault${faults.length === 1 ? '' : 's'} ${faults.map((fault) => fault.name).join(', ')}`;
}
