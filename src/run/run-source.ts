import { INSTANCE_ID_LABEL, MANAGED_BY } from '../compile/labels.js';
import { UserError } from '../errors.js';
import { ARGO_API_VERSION, type KubeObject, type Parameter } from '../k8s/objects.js';

/** The kinds of Argo object in the cluster a run can start from. */
export type RunTemplateKind = 'workflowtemplate' | 'clusterworkflowtemplate' | 'cronworkflow';

/**
 * What `chaosflow run` starts: an experiment file, or a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow
 * in the cluster.
 */
export type RunSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: RunTemplateKind; readonly name: string };

/** The prefixes `argo submit --from` takes, and ours. */
const PREFIXES: Readonly<Record<string, RunTemplateKind>> = {
  workflowtemplate: 'workflowtemplate',
  wftmpl: 'workflowtemplate',
  clusterworkflowtemplate: 'clusterworkflowtemplate',
  cwft: 'clusterworkflowtemplate',
  cronworkflow: 'cronworkflow',
  cronwf: 'cronworkflow',
};

/**
 * `workflowtemplate/NAME` (or `wftmpl/`), `clusterworkflowtemplate/NAME` (or `cwft/`), `cronworkflow/NAME` (or
 * `cronwf/`), or a file.
 */
export function parseRunSource(text: string): RunSource {
  const slash = text.indexOf('/');
  const kind = slash > 0 ? PREFIXES[text.slice(0, slash).toLowerCase()] : undefined;
  if (kind === undefined) return { kind: 'file', path: text };
  const name = text.slice(slash + 1);
  if (name === '') throw new UserError(`${text} names no ${kind}\n  → write ${text.slice(0, slash)}/<name>`);
  return { kind, name };
}

/** A spec with the parameters a run may be given. */
interface ParameterisedSpec {
  arguments?: { parameters?: Parameter[] };
  [key: string]: unknown;
}

/**
 * The Workflow that runs a WorkflowTemplate (as `argo submit --from workflowtemplate/NAME` makes it) or a
 * ClusterWorkflowTemplate (in `namespace`, which a cluster-scoped template does not have): a reference to it, its
 * labels (so chaosflow's guardian and reaper see the run), and the parameters given.
 */
export function workflowFromTemplate(
  template: KubeObject,
  parameters: Readonly<Record<string, string>>,
  namespace = template.metadata.namespace ?? '',
): KubeObject {
  const spec = template.spec as ParameterisedSpec | undefined;
  const name = template.metadata.name ?? '';
  const clusterScope = template.kind === 'ClusterWorkflowTemplate';
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Workflow',
    metadata: {
      generateName: `${name}-`,
      namespace,
      labels: runLabels(template.metadata.labels),
    },
    spec: {
      workflowTemplateRef: { name, ...(clusterScope ? { clusterScope: true } : {}) },
      ...argumentsFor(`${template.kind ?? 'WorkflowTemplate'} ${name}`, spec, parameters),
    },
  };
}

/**
 * The Workflow that runs a CronWorkflow now, as `argo submit --from cronwf/NAME` makes it: labelled with the
 * CronWorkflow's name, its Argo instance and the labels of its `workflowMetadata` (chaosflow's among them), not
 * with the labels of the CronWorkflow itself, which mark what a sync manages.
 */
export function workflowFromCron(cron: KubeObject, parameters: Readonly<Record<string, string>>): KubeObject {
  const name = cron.metadata.name ?? '';
  const cronSpec = cron.spec as {
    workflowSpec?: ParameterisedSpec;
    workflowMetadata?: { labels?: Record<string, string> };
  };
  const spec = cronSpec.workflowSpec ?? {};
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Workflow',
    metadata: {
      generateName: `${name}-`,
      namespace: cron.metadata.namespace ?? '',
      labels: {
        ...pickLabels(cron.metadata.labels, [INSTANCE_ID_LABEL]),
        'workflows.argoproj.io/cron-workflow': name,
        ...cronSpec.workflowMetadata?.labels,
      },
    },
    spec: { ...spec, ...argumentsFor(`CronWorkflow ${name}`, spec, parameters) },
  };
}

/**
 * The labels a run carries from what it was started from: the experiment's id, chaosflow's mark (by which its
 * guardian and reaper find the run) and the Argo instance; not, say, the GitOps source's, which mark what a sync
 * manages.
 */
function runLabels(labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return pickLabels(labels, ['workflow_id', ...Object.keys(MANAGED_BY), INSTANCE_ID_LABEL]);
}

function pickLabels(
  labels: Readonly<Record<string, string>> | undefined,
  keys: readonly string[],
): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => keys.includes(key)));
}

/** A compiled Workflow with the parameters given. */
export function withParameters(
  workflow: KubeObject,
  parameters: Readonly<Record<string, string>>,
): KubeObject {
  const spec = workflow.spec as ParameterisedSpec;
  return {
    ...workflow,
    spec: {
      ...spec,
      ...argumentsFor(`experiment ${workflow.metadata.generateName ?? ''}`, spec, parameters),
    },
  };
}

/**
 * The spec's arguments with the given values: every name must be one the spec declares, a value one of its
 * enum when it has one, and a parameter without a default must be given. All problems are reported at once.
 */
function argumentsFor(
  what: string,
  spec: ParameterisedSpec | undefined,
  given: Readonly<Record<string, string>>,
): { arguments?: { parameters: Parameter[] } } {
  const declared = spec?.arguments?.parameters ?? [];
  const names = declared.map((parameter) => parameter.name);
  const problems = Object.entries(given).flatMap(([name, value]) => {
    const parameter = declared.find((candidate) => candidate.name === name);
    if (parameter === undefined)
      return [`-p ${name}: ${what} has no parameter ${name} (it has: ${names.join(', ') || 'none'})`];
    if (parameter.enum !== undefined && !parameter.enum.includes(value))
      return [`-p ${name}=${value}: not one of ${parameter.enum.join(', ')}`];
    return [];
  });
  for (const parameter of declared)
    if (
      parameter.value === undefined &&
      parameter.default === undefined &&
      given[parameter.name] === undefined
    )
      problems.push(`${what} needs a value for ${parameter.name}: give -p ${parameter.name}=<value>`);
  if (problems.length > 0)
    throw new UserError(`${problems.join('\n')}\n  → pass only the parameters it declares`);
  if (declared.length === 0) return {};
  return {
    arguments: {
      parameters: declared.map((parameter) =>
        given[parameter.name] === undefined
          ? parameter
          : { ...parameter, value: given[parameter.name] as string },
      ),
    },
  };
}
