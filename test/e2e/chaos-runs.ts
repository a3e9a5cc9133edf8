import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  RbacAuthorizationV1Api,
  type V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import { RUN_UID, resultName } from '../../src/compile/names.js';
import { type ExperimentProps, experiment, guard } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { type RunningService, startTriggerService } from '../../src/serve/service.js';
import type { ServiceOptions } from '../../src/serve/service-options.js';
import { serverSideApply } from '../env/apply.js';
import { OPERATOR_NAMESPACE } from '../env/litmus/operator.js';
import { hub } from '../helpers.js';
import { until } from './until.js';

const run = promisify(execFile);

/** The chaos namespace of these tests: the one chaos-operator watches. */
export const CHAOS_NAMESPACE = OPERATOR_NAMESPACE;

/** A Workflow as these tests read it. */
export interface Workflow {
  metadata: { name: string; uid: string; labels?: Record<string, string> };
  status?: {
    phase?: string;
    message?: string;
    outputs?: { parameters?: { name: string; value?: string }[] };
    nodes?: Record<string, { displayName: string; phase: string; message?: string }>;
  };
}

/** A ChaosResult as litmus-go writes it. */
export interface ChaosResult {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { engine: string; experiment: string };
  status?: {
    experimentStatus?: { phase?: string; verdict?: string; probeSuccessPercentage?: string };
    probeStatuses?: { name: string; type: string; mode: string; status: { verdict: string } }[];
    history?: { targets?: { name: string; kind: string; chaosStatus: string }[] };
  };
}

/** What a run left in the chaos namespace: its engines, the chaos Jobs and pods (runner and experiment). */
export interface Leftovers {
  readonly engines: string[];
  readonly jobs: string[];
  readonly pods: string[];
}

const ARGO = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' } as const;
const LITMUS = { group: 'litmuschaos.io', version: 'v1alpha1' } as const;

/** Submits compiled chaos experiments with the real `argo` CLI and reads what Argo and Litmus made of them. */
export class ChaosRuns {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly batch: BatchV1Api;
  private readonly clusterWide: KubeObject[] = [];

  constructor(
    private readonly config: KubeConfig,
    private readonly kubeconfig: string,
    private readonly binDir: string,
  ) {
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.core = config.makeApiClient(CoreV1Api);
    this.batch = config.makeApiClient(BatchV1Api);
  }

  /** Runs the real `argo` CLI against the cluster; resolves with what it printed. */
  async argo(...args: string[]): Promise<string> {
    const { stdout } = await run(join(this.binDir, 'argo'), ['--kubeconfig', this.kubeconfig, ...args], {
      encoding: 'utf8',
    });
    return stdout.trim();
  }

  /**
   * Applies a compiled experiment's RBAC and submits its Workflow with `argo submit`; resolves with the
   * Workflow's name.
   */
  async submit(objects: readonly KubeObject[]): Promise<string> {
    const workflow = objects.find((object) => object.kind === 'Workflow');
    if (workflow === undefined) throw new Error('no Workflow among the compiled objects');
    await this.apply(objects.filter((object) => object !== workflow));
    const file = join(mkdtempSync(join(tmpdir(), 'chaosflow-e2e-')), 'workflow.yaml');
    writeFileSync(file, stringify(workflow));
    return (await this.argo('submit', '-n', CHAOS_NAMESPACE, file, '-o', 'name')).split('\n').at(-1) ?? '';
  }

  /** Applies objects, keeping track of the cluster-wide ones (ClusterRoles of cluster-scoped faults) to remove. */
  async apply(objects: readonly KubeObject[]): Promise<void> {
    await serverSideApply(this.config, objects as never);
    this.clusterWide.push(...objects.filter((object) => object.metadata.namespace === undefined));
  }

  /** Removes the ClusterRoles and bindings applied so far, so no grant outlives the tests that needed it. */
  async removeClusterWide(): Promise<void> {
    const rbac = this.config.makeApiClient(RbacAuthorizationV1Api);
    for (const object of this.clusterWide.splice(0)) {
      const name = object.metadata.name ?? '';
      if (object.kind === 'ClusterRole') await rbac.deleteClusterRole({ name }).catch(() => undefined);
      if (object.kind === 'ClusterRoleBinding')
        await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
    }
  }

  async workflow(name: string): Promise<Workflow> {
    return (await this.custom.getNamespacedCustomObject({
      ...ARGO,
      namespace: CHAOS_NAMESPACE,
      name,
    })) as Workflow;
  }

  /** Waits until the Workflow has ended, however. */
  finished(name: string, timeoutMs = 300_000): Promise<Workflow> {
    return until(
      `workflow ${name} to end`,
      async () => {
        const workflow = await this.workflow(name);
        return ['Succeeded', 'Failed', 'Error'].includes(workflow.status?.phase ?? '') ? workflow : undefined;
      },
      timeoutMs,
    );
  }

  /**
   * The ChaosResult of one fault step of a run, by the name the compiled workflow gives it (a Stopped result
   * loses the labels that would find it: litmus-go keeps only `chaosUID` once the experiment pod is gone).
   */
  async result(workflow: Workflow, step: string, fault = step): Promise<ChaosResult> {
    return (await this.custom.getNamespacedCustomObject({
      ...LITMUS,
      namespace: CHAOS_NAMESPACE,
      plural: 'chaosresults',
      name: resultName(step, fault).replace(RUN_UID, workflow.metadata.uid),
    })) as ChaosResult;
  }

  /** The engines, chaos Jobs and chaos pods of a run that still exist. */
  async leftovers(workflow: Workflow): Promise<Leftovers> {
    const namespace = CHAOS_NAMESPACE;
    const labelSelector = `workflow_run_id=${workflow.metadata.uid}`;
    const engines = (await this.custom.listNamespacedCustomObject({
      ...LITMUS,
      namespace,
      plural: 'chaosengines',
      labelSelector,
    })) as { items: KubeObject[] };
    const jobs = await this.batch.listNamespacedJob({ namespace, labelSelector });
    const experimentPods = await this.core.listNamespacedPod({ namespace, labelSelector });
    // Runner pods carry the engine's name, which holds the run's UID, not its labels.
    const runnerPods = await this.core.listNamespacedPod({
      namespace,
      labelSelector: 'app.kubernetes.io/component=chaos-runner',
    });
    const names = (items: { metadata?: { name?: string } }[]) =>
      items.map((item) => item.metadata?.name ?? '');
    return {
      engines: names(engines.items),
      jobs: names(jobs.items),
      pods: [
        ...names(experimentPods.items),
        ...names(runnerPods.items).filter((name) => name.includes(workflow.metadata.uid)),
      ],
    };
  }

  /** Waits until nothing of the run is left; resolves with when that was first seen. */
  async cleanedUp(workflow: Workflow, timeoutMs = 60_000): Promise<Date> {
    let last: Leftovers | undefined;
    try {
      return await until(
        `the chaos of ${workflow.metadata.name} to be cleaned up`,
        async () => {
          last = await this.leftovers(workflow);
          const empty = [...last.engines, ...last.jobs, ...last.pods].length === 0;
          return empty ? new Date() : undefined;
        },
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; left: ${JSON.stringify(last)}`);
    }
  }

  /** The reasons of the Events recorded on an object of the chaos namespace, oldest first. */
  async eventReasons(name: string): Promise<string[]> {
    const events = await this.core.listNamespacedEvent({
      namespace: CHAOS_NAMESPACE,
      fieldSelector: `involvedObject.name=${name}`,
    });
    return events.items.sort((a, b) => eventTime(a) - eventTime(b)).map((event) => event.reason ?? '');
  }
}

function eventTime(event: { firstTimestamp?: Date; eventTime?: Date }): number {
  return new Date(event.firstTimestamp ?? event.eventTime ?? 0).getTime();
}

/** The value of a Workflow's `resiliencyScore` output. */
export function scoreOf(workflow: Workflow): string | undefined {
  return workflow.status?.outputs?.parameters?.find((parameter) => parameter.name === 'resiliencyScore')
    ?.value;
}

/** A node of a Workflow by its display name. */
export function nodeOf(workflow: Workflow, displayName: string) {
  return Object.values(workflow.status?.nodes ?? {}).find((node) => node.displayName === displayName);
}

/** A pod's deletion, as a watch saw it. */
export interface PodDeletion {
  readonly name: string;
  readonly uid: string;
  readonly at: Date;
}

/**
 * Records every deletion of the pods of a namespace that match a label selector, with when it was seen, from a
 * watch opened before the chaos starts. A watch that ends before {@link stop} makes every read fail: an empty
 * record must mean that nothing was deleted, never that nothing was watched.
 */
export class PodDeletions {
  private readonly recorded: PodDeletion[] = [];
  private request: { abort: () => void } | undefined;
  private stopped = false;
  private broken: string | undefined;

  constructor(
    private readonly config: KubeConfig,
    private readonly namespace: string,
    private readonly labelSelector: string,
  ) {}

  async start(): Promise<void> {
    this.request = await new Watch(this.config).watch(
      `/api/v1/namespaces/${this.namespace}/pods`,
      { labelSelector: this.labelSelector },
      (type: string, pod: V1Pod) => {
        const uid = pod.metadata?.uid ?? '';
        const deleting = type === 'DELETED' || pod.metadata?.deletionTimestamp !== undefined;
        if (deleting && !this.recorded.some((deletion) => deletion.uid === uid))
          this.recorded.push({ name: pod.metadata?.name ?? '', uid, at: new Date() });
      },
      (error: unknown) => {
        if (!this.stopped) this.broken = error === null || error === undefined ? 'it ended' : String(error);
      },
    );
  }

  /** Every deletion seen so far. */
  get seen(): readonly PodDeletion[] {
    if (this.broken !== undefined)
      throw new Error(`the watch of pods ${this.namespace}/${this.labelSelector} broke: ${this.broken}`);
    return this.recorded;
  }

  /** Deletions seen after `instant`. */
  after(instant: Date): PodDeletion[] {
    return this.seen.filter((deletion) => deletion.at > instant);
  }

  stop(): void {
    this.stopped = true;
    this.request?.abort();
  }
}

/** A Deployment of `replicas` pods that kwok runs on its tainted nodes. */
export function fakeDeployment(namespace: string, name: string, replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    // The label is on the Deployment too, as charts put it: pod-autoscaler selects Deployments by it.
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'app', image: `${name}:1` }],
        },
      },
    },
  };
}

/** Waits until a Deployment has all its replicas available and updated; resolves with its pods' UIDs. */
export async function rolledOut(config: KubeConfig, namespace: string, name: string): Promise<string[]> {
  const apps = config.makeApiClient(AppsV1Api);
  const core = config.makeApiClient(CoreV1Api);
  return until(
    `deployment ${namespace}/${name} to roll out`,
    async () => {
      const deployment = await apps.readNamespacedDeployment({ name, namespace });
      const want = deployment.spec?.replicas ?? 1;
      const status = deployment.status;
      const ready =
        status?.observedGeneration === deployment.metadata?.generation &&
        status?.availableReplicas === want &&
        status?.updatedReplicas === want &&
        status?.replicas === want;
      if (!ready) return undefined;
      const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
      const live = pods.items.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
      return live.length === want ? live.map((pod) => pod.metadata?.uid ?? '') : undefined;
    },
    120_000,
  );
}

/**
 * `chaosflow serve` in this process, for the workloads of `targets` and the runs of the chaos namespace: quick
 * ticks and resyncs, no cooldown, quiet; `more` adds to or overrides its options.
 */
export function serveChaos(
  config: KubeConfig,
  targets: string,
  more: Partial<ServiceOptions> = {},
): Promise<RunningService> {
  return startTriggerService(
    config,
    {
      namespace: targets,
      watchNamespaces: [targets],
      templateNamespaces: [CHAOS_NAMESPACE],
      killSwitch: 'chaosflow-trigger',
      port: 0,
      host: '127.0.0.1',
      rolloutTimeoutMs: 120_000,
      cooldownMs: 0,
      tickMs: 250,
      resyncMs: 10_000,
      ...more,
    },
    pino({ level: 'silent' }),
  );
}

/**
 * Compiles an experiment into a Workflow with its RBAC, in the chaos namespace the operator watches, with a
 * chaos service account of its own, so the grants of one experiment never lend rights to another.
 */
export function compiledRun(spec: ExperimentProps): KubeObject[] {
  const own = { chaosServiceAccount: `${spec.name}-chaos`, ...spec };
  return [...compileExperiment(experiment(own), { hub: hub(), kind: 'workflow', rbac: true }).objects];
}

/** Creates a namespace of fake Deployments (two pods each, run by kwok) and waits until they have rolled out. */
export async function deployTargets(
  config: KubeConfig,
  namespace: string,
  names: readonly string[],
): Promise<void> {
  await serverSideApply(config, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    ...names.map((name) => fakeDeployment(namespace, name)),
  ] as never);
  for (const name of names) await rolledOut(config, namespace, name);
}

/** An abort condition that holds once the Deployment `canary` of `namespace` has fewer than 2 pods available. */
export function canaryCapacity(namespace: string) {
  return guard.kubernetes({
    name: 'canary-capacity',
    object: { kind: 'Deployment', namespace, name: 'canary' },
    field: 'status.availableReplicas',
    below: 2,
    every: '1s',
  });
}
