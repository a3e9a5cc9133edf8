import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { type ChaosEngine, LITMUS } from './litmus-objects.js';
import { OPERATOR_NAMESPACE } from './operator.js';

const FINALIZER = 'chaosengine.litmuschaos.io/finalizer';

/**
 * The label by which a namespace asks for the simulator: its engines are answered by the simulator instead of
 * chaos-operator. The operator's own namespace never is, so the two never act on the same engine.
 */
export const SIMULATOR_NAMESPACE_LABEL = { 'chaosflow.test/litmus': 'simulator' } as const;

/**
 * The ConfigMap, in the chaos namespace, whose keys choose simulated outcomes: `<workflow name>` for every fault
 * of a run, `<workflow name>.<fault>` for one fault.
 */
export const SIMULATOR_CONFIG_MAP = 'litmus-simulator';

/** What a simulated fault ends with. */
export interface SimulatedOutcome {
  readonly verdict: 'Pass' | 'Fail' | 'Error' | 'Stopped';
  readonly probeSuccessPercentage: string;
  /** How long the fault "runs" before its result is written. */
  readonly delaySeconds: number;
}

/** The result phase litmus-go writes with each verdict. */
const RESULT_PHASE: Record<SimulatedOutcome['verdict'], string> = {
  Pass: 'Completed',
  Fail: 'Completed_With_Probe_Failure',
  Error: 'Error',
  Stopped: 'Stopped',
};

const DEFAULT_OUTCOME: SimulatedOutcome = { verdict: 'Pass', probeSuccessPercentage: '100', delaySeconds: 1 };

type Engine = ChaosEngine;

/**
 * A SIMULATOR of Litmus's chaos-operator and chaos-runner, for outcomes real faults cannot produce on this
 * control plane (faults that need a container runtime, a node's shell or a cloud): no chaos is injected. It acts
 * only in namespaces labelled {@link SIMULATOR_NAMESPACE_LABEL}, never in the operator's. For each new
 * ChaosEngine there it does what they do to the API (reference/litmus.md §1.4–1.5, §5): adds the operator's
 * finalizer and marks the engine `initialized` with the experiment `Running`/`Awaited`; after the chosen
 * delay writes the ChaosResult `<engine>-<experiment>` with the chosen verdict and probe success percentage,
 * then marks the engine `completed` (engineState `stop`). When an engine is deleted it marks it `stopped` and
 * removes the finalizer, as the operator does after aborting chaos.
 */
export class LitmusSimulator {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(
    config: KubeConfig,
    private readonly log: (line: string) => void,
  ) {
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.core = config.makeApiClient(CoreV1Api);
  }

  /** Reconciles the engines of the namespaces that ask for it until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      for (const namespace of await this.simulatedNamespaces()) {
        const list = (await this.custom
          .listNamespacedCustomObject({ ...LITMUS, namespace, plural: 'chaosengines' })
          .catch(() => ({ items: [] }))) as { items: Engine[] };
        for (const engine of list.items)
          await this.reconcile(engine).catch((error: unknown) =>
            this.log(`engine ${engine.metadata.name}: ${String(error)}`),
          );
      }
      await sleep(300);
    }
  }

  private async simulatedNamespaces(): Promise<string[]> {
    const [key, value] = Object.entries(SIMULATOR_NAMESPACE_LABEL)[0] ?? [];
    const list = await this.core
      .listNamespace({ labelSelector: `${key}=${value}` })
      .catch(() => ({ items: [] }));
    return list.items
      .map((namespace) => namespace.metadata?.name ?? '')
      .filter((name) => name !== '' && name !== OPERATOR_NAMESPACE);
  }

  private async reconcile(engine: Engine): Promise<void> {
    if (engine.metadata.deletionTimestamp !== undefined) return this.release(engine);
    const status = engine.status?.engineStatus;
    if (status === undefined || status === '') return this.initialize(engine);
    if (status !== 'initialized') return;
    const outcome = await this.outcomeFor(engine);
    const age = (Date.now() - Date.parse(engine.metadata.creationTimestamp ?? '')) / 1000;
    if (age >= outcome.delaySeconds) await this.complete(engine, outcome);
  }

  private async initialize(engine: Engine): Promise<void> {
    engine.metadata.finalizers = [...new Set([...(engine.metadata.finalizers ?? []), FINALIZER])];
    engine.status = engineStatus(engine, 'initialized', 'Running', 'Awaited');
    await this.replace(engine);
    this.log(`engine ${engine.metadata.namespace}/${engine.metadata.name}: initialized`);
  }

  private async complete(engine: Engine, outcome: SimulatedOutcome): Promise<void> {
    const experiment = engine.spec.experiments[0]?.name ?? '';
    await this.custom.createNamespacedCustomObject({
      ...LITMUS,
      plural: 'chaosresults',
      namespace: engine.metadata.namespace,
      body: {
        apiVersion: 'litmuschaos.io/v1alpha1',
        kind: 'ChaosResult',
        metadata: {
          name: `${engine.metadata.name}-${experiment}`,
          namespace: engine.metadata.namespace,
          labels: { chaosUID: engine.metadata.uid, ...engine.metadata.labels },
        },
        spec: { engine: engine.metadata.name, experiment },
        status: {
          experimentStatus: {
            phase: RESULT_PHASE[outcome.verdict],
            verdict: outcome.verdict,
            probeSuccessPercentage: outcome.probeSuccessPercentage,
          },
          history: {
            passedRuns: outcome.verdict === 'Pass' ? 1 : 0,
            failedRuns: outcome.verdict === 'Fail' || outcome.verdict === 'Error' ? 1 : 0,
            stoppedRuns: outcome.verdict === 'Stopped' ? 1 : 0,
          },
        },
      },
    });
    engine.spec.engineState = 'stop';
    engine.status = engineStatus(engine, 'completed', 'Completed', outcome.verdict);
    await this.replace(engine);
    this.log(
      `engine ${engine.metadata.namespace}/${engine.metadata.name}: completed, verdict ${outcome.verdict}`,
    );
  }

  private async release(engine: Engine): Promise<void> {
    if (!(engine.metadata.finalizers ?? []).includes(FINALIZER)) return;
    engine.metadata.finalizers = (engine.metadata.finalizers ?? []).filter(
      (finalizer) => finalizer !== FINALIZER,
    );
    if (engine.status?.engineStatus !== 'completed')
      engine.status = { ...engine.status, engineStatus: 'stopped' };
    await this.replace(engine);
    this.log(`engine ${engine.metadata.namespace}/${engine.metadata.name}: aborted and released`);
  }

  private async replace(engine: Engine): Promise<void> {
    await this.custom.replaceNamespacedCustomObject({
      ...LITMUS,
      plural: 'chaosengines',
      namespace: engine.metadata.namespace,
      name: engine.metadata.name,
      body: engine,
    });
  }

  /** The outcome chosen for the engine's fault (`<workflow>.<fault>`), else for its run (`<workflow>`). */
  private async outcomeFor(engine: Engine): Promise<SimulatedOutcome> {
    const workflow = engine.metadata.labels?.workflow_name ?? '';
    const fault = engine.spec.experiments[0]?.name ?? '';
    const configMap = await this.core
      .readNamespacedConfigMap({ name: SIMULATOR_CONFIG_MAP, namespace: engine.metadata.namespace })
      .catch(() => undefined);
    const chosen = configMap?.data?.[`${workflow}.${fault}`] ?? configMap?.data?.[workflow];
    return chosen === undefined
      ? DEFAULT_OUTCOME
      : { ...DEFAULT_OUTCOME, ...(JSON.parse(chosen) as Partial<SimulatedOutcome>) };
  }
}

/** An engine status as chaos-runner writes it: the engine's state and its one experiment's status and verdict. */
function engineStatus(
  engine: Engine,
  state: string,
  status: string,
  verdict: string,
): NonNullable<Engine['status']> {
  const name = engine.spec.experiments[0]?.name ?? '';
  const experiment = {
    name,
    runner: `${engine.metadata.name}-runner`,
    experimentPod: 'simulated',
    status,
    verdict,
    lastUpdateTime: new Date().toISOString(),
  };
  return { engineStatus: state, experiments: [experiment] };
}
