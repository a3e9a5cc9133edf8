import type { Duration } from '../model/duration.js';
import type { ExperimentInput } from '../model/experiment.js';
import type { Target } from '../model/target.js';
import type { DeepReadonly } from './deep-readonly.js';
import type { Flow } from './flow.js';
import type { GuardStep } from './guard.js';

/** Marks values made by {@link experiment}, so loaders find experiments among a module's exports. */
const EXPERIMENT_BRAND: unique symbol = Symbol.for('chaosflow.experiment') as never;

/** A cron schedule; the experiment compiles to a CronWorkflow. */
export interface ScheduleOptions {
  /** One or more five-field cron expressions (minute hour day month weekday), or @daily, @hourly, @every 2h. */
  readonly cron: string | readonly string[];
  /** IANA time zone of the schedule. @defaultValue the controller's time zone */
  readonly timezone?: string;
  /** What to do when a run is due while the last one still runs. @defaultValue 'Forbid' */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /** A run that could not start within this time of its schedule is skipped. */
  readonly startingDeadline?: Duration;
  readonly successfulJobsHistoryLimit?: number;
  readonly failedJobsHistoryLimit?: number;
  /** Create the CronWorkflow suspended. */
  readonly suspend?: boolean;
}

/** The properties of an experiment. */
export interface ExperimentProps {
  /** Name of the WorkflowTemplate (or Workflow prefix, or CronWorkflow): a DNS label. */
  readonly name: string;
  /** Litmus-compatible `workflow_id` label, which annotated workloads refer to. @defaultValue name */
  readonly id?: string;
  /** Title the Argo UI shows instead of the name. */
  readonly title?: string;
  /** Markdown description the Argo UI shows. */
  readonly description?: string;
  /** Labels added to the workflow objects. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations added to the workflow objects. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Namespace of the workflow objects. @defaultValue chaosNamespace */
  readonly namespace?: string;
  /** Namespace of the ChaosExperiments, ChaosEngines and ChaosResults. @defaultValue 'litmus' */
  readonly chaosNamespace?: string;
  /** Service account of the workflow's pods. @defaultValue 'argo-chaos' */
  readonly serviceAccount?: string;
  /** Service account of Litmus's runner and fault pods. @defaultValue 'litmus-admin' */
  readonly chaosServiceAccount?: string;
  /** Instance id of the Argo controller that should run the workflow, if the cluster uses one. */
  readonly instanceId?: string;
  /** Whether Litmus deletes fault jobs when they end. @defaultValue 'delete' */
  readonly jobCleanUpPolicy?: 'delete' | 'retain';
  /**
   * Pull policy of Litmus's runner, fault and helper pods. Litmus ships `Always`, which fails on a cluster that
   * cannot reach a registry; `IfNotPresent` uses images already on the nodes. @defaultValue the build's
   * `--image-pull-policy`, else Litmus's
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Default target of every fault that names none. */
  readonly target?: Target;
  /** The faults: an array (or {@link sequence}) run in order, with {@link parallel} groups; or a {@link dag}. */
  readonly faults: Flow;
  /** Run on a cron schedule. */
  readonly schedule?: ScheduleOptions;
  /** Stop the run after this long; cleanup still runs. */
  readonly deadline?: Duration;
  /**
   * Conditions under which chaosflow's guardian (`chaosflow serve`) stops the run, reverting its chaos: see
   * {@link guard}. A run with conditions injects no chaos until the guardian has acknowledged it.
   */
  readonly abortWhen?: readonly GuardStep[];
  /**
   * How long a run with `abortWhen` waits for the guardian to acknowledge it; without an answer in time it fails
   * before any chaos. @defaultValue '2m'
   */
  readonly guardianTimeout?: Duration;
  /**
   * Wait for a person before any chaos: the run stops at a step `approval` that the Argo UI's Resume button or
   * `argo resume` releases. Unreleased after `timeout`, the run fails without chaos at `approval-timed-out`. The
   * run's deadline starts counting after the timeout. @defaultValue timeout '1h'
   */
  readonly approval?: { readonly timeout?: Duration };
  /** Retries of idempotent steps after errors; chaos verdicts are never retried. */
  readonly retries?: {
    readonly limit: number;
    readonly policy?: 'OnError' | 'OnTransientError';
    readonly backoff?: {
      readonly duration: Duration;
      readonly factor?: number;
      readonly maxDuration?: Duration;
    };
  };
  /** When Argo deletes the run's pods. @defaultValue { strategy: 'OnWorkflowSuccess' } */
  readonly podGC?: {
    readonly strategy: 'OnPodCompletion' | 'OnPodSuccess' | 'OnWorkflowCompletion' | 'OnWorkflowSuccess';
    readonly deleteDelay?: Duration;
  };
  /** How long Argo keeps finished runs. */
  readonly ttl?: {
    readonly afterCompletion?: Duration;
    readonly afterSuccess?: Duration;
    readonly afterFailure?: Duration;
  };
}

/** An experiment as plain data, ready to validate and compile. */
export type Experiment = ExperimentInput & { readonly [EXPERIMENT_BRAND]: true };

/**
 * Defines a chaos experiment. Returns plain data; it is validated (structure, then tunables against the
 * hub) when built, so every problem is reported at once with where it is and how to fix it.
 * @example
 * export default experiment({
 *   name: 'nginx-pod-delete',
 *   target: target.deployment({ namespace: 'nginx', labels: { app: 'nginx' } }),
 *   faults: [faults.podDelete({ tunables: { totalChaosDuration: '30s' } })],
 * });
 */
export function experiment(props: ExperimentProps): Experiment {
  const input: DeepReadonly<ExperimentInput> = props;
  // A deep copy: later changes to the caller's objects do not reach the experiment.
  const data = structuredClone(input) as ExperimentInput;
  Object.defineProperty(data, EXPERIMENT_BRAND, { value: true, enumerable: false });
  return data as Experiment;
}

/** True for values made by {@link experiment}. */
export function isExperiment(value: unknown): value is Experiment {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[EXPERIMENT_BRAND] === true
  );
}
