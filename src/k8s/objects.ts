/**
 * The shapes of the Kubernetes, Argo and Litmus objects chaosflow emits, limited to the fields it sets.
 * Hand-written rather than imported: the only published Argo model package (`@kubernetes-models/argo-workflows`)
 * needs Node 22 and types `steps` as objects where Argo's wire format is arrays of arrays.
 */

/** Object metadata. */
interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Argo's API group and version. */
/** An object's identity in a cluster: `Kind/namespace/name`. */
export function keyOf(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** Argo Workflows' API group and version, as objects name them and as API calls take them. */
export const ARGO = { group: 'argoproj.io', version: 'v1alpha1' } as const;
export const ARGO_API_VERSION = `${ARGO.group}/${ARGO.version}`;

/** Litmus's API group and version, as objects name them and as API calls take them. */
export const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1' } as const;
export const LITMUS_API_VERSION = `${LITMUS.group}/${LITMUS.version}`;
/** Kubernetes RBAC's API group and version. */
export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

/** An Argo parameter. */
export interface Parameter {
  name: string;
  value?: string;
  default?: string;
  enum?: string[];
  description?: string;
  globalName?: string;
  valueFrom?: { jsonPath?: string; expression?: string; parameter?: string; default?: string };
}

/** One step of an Argo steps template. */
export interface WorkflowStep {
  name: string;
  template: string;
  /** Lifecycle hooks of the step; `exit` runs when the step ends, however it ends. */
  hooks?: { exit: { template: string } };
  arguments?: { parameters: Parameter[] };
  continueOn?: { failed?: boolean; error?: boolean };
  when?: string;
}

/** One task of an Argo DAG template. */
export interface DagTask extends WorkflowStep {
  dependencies?: string[];
}

/** An Argo retry strategy; `limit` is an IntOrString, emitted as a string for v3.6–v4 schema validation. */
export interface RetryStrategy {
  limit: string;
  retryPolicy: string;
  backoff?: { duration: string; factor?: string; maxDuration?: string };
}

/** An Argo `resource` template body. */
interface ResourceTemplate {
  action: 'get' | 'create' | 'apply' | 'delete' | 'replace' | 'patch';
  manifest?: string;
  successCondition?: string;
  failureCondition?: string;
  flags?: string[];
}

/** An Argo template: exactly one of `steps`, `dag` and `resource` is set. */
export interface Template {
  name: string;
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  inputs?: { parameters: Parameter[] };
  outputs?: { parameters: Parameter[] };
  steps?: WorkflowStep[][];
  dag?: { tasks: DagTask[] };
  resource?: ResourceTemplate;
  suspend?: { duration?: string };
  activeDeadlineSeconds?: string;
  retryStrategy?: RetryStrategy;
  metrics?: { prometheus: PrometheusMetric[] };
}

/** An Argo Prometheus metric: a gauge or a counter, emitted when its node (or the run) completes. */
export interface PrometheusMetric {
  name: string;
  help: string;
  labels?: { key: string; value: string }[];
  /** An Argo `when` expression; the metric is emitted only when it holds. */
  when?: string;
  gauge?: { value: string; realtime: boolean };
  counter?: { value: string };
}

/** The spec shared by Workflow, WorkflowTemplate and CronWorkflow's `workflowSpec`. */
export interface WorkflowSpec {
  entrypoint: string;
  arguments?: { parameters: Parameter[] };
  serviceAccountName: string;
  onExit: string;
  activeDeadlineSeconds: number;
  podGC?: { strategy: string; deleteDelayDuration?: string };
  ttlStrategy?: {
    secondsAfterCompletion?: number;
    secondsAfterSuccess?: number;
    secondsAfterFailure?: number;
  };
  metrics?: { prometheus: PrometheusMetric[] };
  workflowMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  templates: Template[];
}

/** A Kubernetes RBAC policy rule. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
