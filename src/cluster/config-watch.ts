import type { KubernetesObject } from '@kubernetes/client-node';
import { type KillSwitchState, killSwitchState, sameKillSwitchState } from '../model/kill-switch.js';
import { type EventTrackerPolicy, eventTrackerPolicySchema } from '../trigger/policy.js';
import type { ClusterClients } from './clients.js';
import { type InformerHandlers, listWatch, ResyncedInformer } from './informer.js';

/** A watched source of configuration: started, then stopped with the service. */
export interface ConfigWatch {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How a configuration watch recovers: told of each restart, and replaced by a fresh list every `resyncMs`. */
export interface ConfigWatchOptions {
  readonly resyncMs: number;
  readonly onError: (error: unknown, delayMs: number) => void;
}

/** Runs a {@link ResyncedInformer} until stopped, resyncing it on a timer. */
function resyncing<T extends KubernetesObject>(informer: ResyncedInformer<T>, resyncMs: number): ConfigWatch {
  let timer: NodeJS.Timeout | undefined;
  return {
    start: async () => {
      await informer.start();
      timer = setInterval(() => void informer.resync().catch(() => {}), resyncMs);
    },
    stop: async () => {
      clearInterval(timer);
      await informer.stop();
    },
  };
}

type ConfigMapObject = KubernetesObject & { data?: Record<string, string> };

/**
 * What the kill switch does with its informer's news: each change of state is told once, whether an event
 * brought it or a fresh list found it (a ConfigMap deleted while the watch was silent turns everything off).
 */
export function killSwitchHandlers(
  name: string,
  onChange: (state: KillSwitchState) => void,
  onError: ConfigWatchOptions['onError'],
): InformerHandlers<ConfigMapObject> {
  let last: KillSwitchState | undefined;
  const report = (state: KillSwitchState) => {
    if (last === undefined || !sameKillSwitchState(state, last)) onChange(state);
    last = state;
  };
  const isOurs = (object: ConfigMapObject) => object.metadata?.name === name;
  return {
    upserted: (object) => {
      if (isOurs(object)) report(killSwitchState(object.data));
    },
    deleted: (object) => {
      if (isOurs(object)) report(killSwitchState(undefined));
    },
    listed: (objects) => report(killSwitchState(objects.find(isOurs)?.data)),
    restarting: onError,
  };
}

/**
 * The kill switch ({@link KILL_SWITCH_KEYS}): a ConfigMap in the service's namespace, read without a restart.
 * `onChange` hears each change of state once, including one a silent watch missed and a resync found.
 */
export function watchKillSwitch(
  clients: ClusterClients,
  where: { namespace: string; name: string },
  onChange: (state: KillSwitchState) => void,
  options: ConfigWatchOptions,
): ConfigWatch {
  const fieldSelector = `metadata.name=${where.name}`;
  // The list and the watch both name the one ConfigMap, so the service's Role can be limited to that name.
  const make = () =>
    listWatch<ConfigMapObject>(
      clients.config,
      `/api/v1/namespaces/${where.namespace}/configmaps`,
      () => clients.core.listNamespacedConfigMap({ namespace: where.namespace, fieldSelector }),
      { fieldSelector },
    );
  const handlers = killSwitchHandlers(where.name, onChange, options.onError);
  return resyncing(new ResyncedInformer(make, handlers), options.resyncMs);
}

/**
 * Litmus EventTrackerPolicies in one namespace, validated; each change of the set hands over every valid
 * policy. An invalid one is reported and left out, rather than silently never matching as in Litmus.
 */
export function watchPolicies(
  clients: ClusterClients,
  namespace: string,
  onChange: (policies: EventTrackerPolicy[]) => void,
  onInvalid: (name: string, problem: string) => void,
  options: ConfigWatchOptions,
): ConfigWatch {
  const resource = { group: 'eventtracker.litmuschaos.io', version: 'v1', plural: 'eventtrackerpolicies' };
  const make = () =>
    listWatch<KubernetesObject>(
      clients.config,
      `/apis/${resource.group}/${resource.version}/namespaces/${namespace}/${resource.plural}`,
      () => clients.custom.listNamespacedCustomObject({ ...resource, namespace }),
    );
  const current = new Map<string, unknown>();
  const publish = () => {
    const valid = [...current].flatMap(([name, object]) => {
      const parsed = eventTrackerPolicySchema.safeParse(object);
      if (parsed.success) return [parsed.data];
      onInvalid(
        name,
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
      return [];
    });
    onChange(valid);
  };
  const nameOf = (object: KubernetesObject) => object.metadata?.name ?? '';
  const handlers: InformerHandlers<KubernetesObject> = {
    upserted: (object) => {
      current.set(nameOf(object), object);
      publish();
    },
    deleted: (object) => {
      current.delete(nameOf(object));
      publish();
    },
    // A fresh list is the whole set: a policy deleted while the watch was silent goes too.
    listed: (objects) => {
      current.clear();
      for (const object of objects) current.set(nameOf(object), object);
      publish();
    },
    restarting: options.onError,
  };
  return resyncing(new ResyncedInformer(make, handlers), options.resyncMs);
}
