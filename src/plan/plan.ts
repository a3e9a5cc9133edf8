import type { HubFault } from '../hub/hub.js';
import { litmusAffected, litmusPercentage } from './litmus-selection.js';

/** Where a fault's chaos lands: the workloads of a namespace chosen by a pod label or by names. */
export interface PlanTarget {
  readonly namespace: string;
  readonly kind: string;
  readonly label?: string;
  readonly names?: readonly string[];
}

/** What the cluster says now about one fault step (read by `cluster/plan-facts.ts`). */
export interface FaultFacts {
  readonly target?: PlanTarget;
  /** Why the target is not known before submit, when it is not. */
  readonly targetUnknown?: string;
  /** Workloads of the target's kind the target matches, by name. */
  readonly workloads: readonly string[];
  /** Pods Litmus would choose among: by the label in the namespace, or those of the named workloads. */
  readonly pods: readonly {
    readonly name: string;
    readonly node?: string;
    readonly labels: Readonly<Record<string, string>>;
  }[];
  /** PodDisruptionBudgets of the namespace that select any of those pods. */
  readonly budgets: readonly {
    readonly name: string;
    readonly disruptionsAllowed: number;
    readonly selects: number;
  }[];
  /** For a node fault: the nodes it chooses among (named, labelled, or all). */
  readonly nodes?: readonly string[];
  /** Nodes it names that do not exist. */
  readonly missingNodes?: readonly string[];
  /** The ChaosExperiment in the chaos namespace: its version label, or `undefined` when it is not installed. */
  readonly installed?: { readonly version: string };
  /** Each permission the fault needs, asked of the API server for the chaos service account. */
  readonly access: readonly { readonly what: string; readonly allowed: boolean }[];
  /** The chaos namespace's Pod Security `enforce` level, if it has one. */
  readonly podSecurity?: string;
}

/** One check of a fault step: it holds, or it fails with what is wrong. */
interface PlanCheck {
  readonly check: 'target' | 'disruption budget' | 'experiment' | 'permissions' | 'pod security';
  readonly ok: boolean;
  readonly detail: string;
}

/** What a fault step would hit, and whether it can run. */
export interface FaultPlan {
  readonly step: string;
  readonly fault: string;
  readonly target?: PlanTarget;
  readonly workloads: readonly string[];
  readonly pods: number;
  /** How many pods (or nodes, for a node fault) Litmus would pick, with its own rounding. */
  readonly affected: number;
  readonly nodes?: readonly string[];
  readonly checks: readonly PlanCheck[];
}

/** The env a fault step runs with: the ChaosExperiment's defaults, overridden by the step's tunables. */
export type FaultEnv = Readonly<Record<string, string>>;

/** Whether a fault picks nodes (node-drain, node-cpu-hog, …) rather than pods: it is told which by TARGET_NODE(S). */
export function isNodeFault(fault: HubFault): boolean {
  return (fault.experiment.spec.definition.env ?? []).some(
    (variable) => variable.name === 'TARGET_NODES' || variable.name === 'TARGET_NODE',
  );
}

/** The plan of one fault step from what the cluster holds now. */
export function planFault(step: string, fault: HubFault, env: FaultEnv, facts: FaultFacts): FaultPlan {
  const node = isNodeFault(fault);
  const affected = node
    ? nodesAffected(env, facts.nodes ?? [])
    : targetPodsGiven(env)
      ? facts.pods.length
      : litmusAffected(litmusPercentage(env.PODS_AFFECTED_PERC), facts.pods.length);
  return {
    step,
    fault: fault.name,
    ...(facts.target === undefined ? {} : { target: facts.target }),
    workloads: facts.workloads,
    pods: facts.pods.length,
    affected,
    ...(node ? { nodes: facts.nodes ?? [] } : {}),
    checks: [
      targetCheck(node, facts),
      ...(node ? [] : budgetChecks(affected, facts)),
      experimentCheck(fault, facts),
      accessCheck(facts),
      ...(fault.privileged ? [podSecurityCheck(facts)] : []),
    ],
  };
}

function targetPodsGiven(env: FaultEnv): boolean {
  return (env.TARGET_PODS ?? '').trim() !== '';
}

function nodesAffected(env: FaultEnv, nodes: readonly string[]): number {
  if ((env.TARGET_NODES ?? env.TARGET_NODE ?? '').trim() !== '') return nodes.length;
  return litmusAffected(litmusPercentage(env.NODES_AFFECTED_PERC), nodes.length);
}

function targetCheck(node: boolean, facts: FaultFacts): PlanCheck {
  if (facts.targetUnknown !== undefined) return { check: 'target', ok: false, detail: facts.targetUnknown };
  return node ? nodeTargetCheck(facts) : podTargetCheck(facts);
}

function nodeTargetCheck(facts: FaultFacts): PlanCheck {
  const nodes = facts.nodes ?? [];
  const missing = facts.missingNodes ?? [];
  if (missing.length > 0) return { check: 'target', ok: false, detail: `no node ${missing.join(', ')}` };
  if (nodes.length === 0) return { check: 'target', ok: false, detail: 'matches no node' };
  return { check: 'target', ok: true, detail: `${count(nodes.length, 'node')}: ${nodes.join(', ')}` };
}

function podTargetCheck(facts: FaultFacts): PlanCheck {
  const where = describeTarget(facts.target);
  const workloads = facts.workloads.join(', ');
  if (facts.pods.length === 0) {
    const which = workloads === '' ? ', and no workload' : ` (workloads: ${workloads})`;
    return { check: 'target', ok: false, detail: `matches no pod: ${where}${which}` };
  }
  return {
    check: 'target',
    ok: true,
    detail: `${count(facts.pods.length, 'pod')} of ${workloads || 'no workload'} (${where})`,
  };
}

/** `1 pod`, `3 pods`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function describeTarget(target: PlanTarget | undefined): string {
  if (target === undefined) return 'no target';
  const by =
    target.label === undefined ? `named ${(target.names ?? []).join(', ')}` : `labelled ${target.label}`;
  return `${target.kind} ${by} in ${target.namespace}`;
}

/** Litmus deletes and stresses pods without asking a PodDisruptionBudget: say when it would go below one. */
function budgetChecks(affected: number, facts: FaultFacts): PlanCheck[] {
  return facts.budgets.map((budget) => ({
    check: 'disruption budget' as const,
    ok: affected <= budget.disruptionsAllowed,
    detail: `${budget.name} allows ${count(budget.disruptionsAllowed, 'disruption')} now; the fault would hit ${count(affected, 'pod')}${affected > budget.disruptionsAllowed ? ', more than it allows (Litmus does not ask the budget)' : ''}`,
  }));
}

function experimentCheck(fault: HubFault, facts: FaultFacts): PlanCheck {
  const hubVersion = fault.experiment.metadata.labels?.['app.kubernetes.io/version'] ?? 'unknown';
  const detail =
    facts.installed === undefined
      ? `not installed; the run installs the hub's (version ${hubVersion})`
      : facts.installed.version === hubVersion
        ? `installed, version ${hubVersion}`
        : `installed at version ${facts.installed.version}; the run installs the hub's ${hubVersion} over it`;
  return { check: 'experiment', ok: true, detail };
}

function accessCheck(facts: FaultFacts): PlanCheck {
  const missing = facts.access.filter((access) => !access.allowed).map((access) => access.what);
  return missing.length === 0
    ? {
        check: 'permissions',
        ok: true,
        detail: `the chaos service account may do all ${facts.access.length} things the fault needs`,
      }
    : {
        check: 'permissions',
        ok: false,
        detail: `the chaos service account may not: ${missing.join('; ')} (chaosflow build --rbac writes the grants)`,
      };
}

/** Privileged helper pods are refused in a namespace that enforces the baseline or restricted standard. */
function podSecurityCheck(facts: FaultFacts): PlanCheck {
  const level = facts.podSecurity;
  const ok = level === undefined || level === 'privileged';
  return {
    check: 'pod security',
    ok,
    detail: ok
      ? `the chaos namespace admits the fault's privileged helper pods (enforce: ${level ?? 'not set'})`
      : `the chaos namespace enforces "${level}", which refuses the fault's privileged helper pods; label it pod-security.kubernetes.io/enforce=privileged or run the chaos in another namespace`,
  };
}
