import { ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { ARGO, LITMUS } from '../k8s/objects.js';
import { faultsOfRun } from '../report/run-faults.js';
import type { EventObject, ResultObject, RunObject } from '../report/run-objects.js';
import type { RunSnapshot } from '../report/run-report.js';
import type { ClusterClients } from './clients.js';

/** A run by namespace and name. */
export interface RunRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Reads what a run's report is made of: the Workflow, the ChaosResult of each fault step that has started, and
 * the Events Litmus recorded on their engines and results. `undefined` when the run does not exist (any more).
 */
export async function readRunSnapshot(
  clients: ClusterClients,
  ref: RunRef,
): Promise<RunSnapshot | undefined> {
  const run = await readRun(clients, ref);
  if (run === undefined) return undefined;
  const started = new Set(
    Object.values(run.status?.nodes ?? {}).flatMap((node) =>
      node.templateName?.startsWith('fault-') ? [node.templateName.slice('fault-'.length)] : [],
    ),
  );
  const faults = faultsOfRun(run);
  const startedFaults = faults.filter((fault) => started.has(fault.step));
  const [results, events] = await Promise.all([
    Promise.all(startedFaults.map((fault) => readResult(clients, fault.namespace, fault.result))),
    Promise.all(
      startedFaults.flatMap((fault) =>
        [fault.engine, fault.result].map((name) => eventsAbout(clients, fault.namespace, name)),
      ),
    ),
  ]);
  return {
    run,
    faults,
    results: results.filter((result) => result !== undefined),
    events: events.flat(),
    now: new Date(),
  };
}

async function readRun(clients: ClusterClients, ref: RunRef): Promise<RunObject | undefined> {
  return orUndefinedWhenGone(
    () =>
      clients.custom.getNamespacedCustomObject({
        ...ARGO,
        namespace: ref.namespace,
        plural: 'workflows',
        name: ref.name,
      }) as Promise<RunObject>,
  );
}

async function readResult(
  clients: ClusterClients,
  namespace: string,
  name: string,
): Promise<ResultObject | undefined> {
  return orUndefinedWhenGone(
    () =>
      clients.custom.getNamespacedCustomObject({
        ...LITMUS,
        namespace,
        plural: 'chaosresults',
        name,
      }) as Promise<ResultObject>,
  );
}

async function eventsAbout(clients: ClusterClients, namespace: string, name: string): Promise<EventObject[]> {
  const list = await clients.core.listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.name=${name}`,
  });
  return list.items as EventObject[];
}

async function orUndefinedWhenGone<T extends KubernetesObject | RunObject>(
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}
