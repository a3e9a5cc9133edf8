import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesObject,
  ListWatch,
  makeInformer,
  Watch,
} from '@kubernetes/client-node';
import { type EventTrackerPolicy, eventTrackerPolicySchema } from './policy.js';

/** Restarts a failed informer after this long; the client relists by itself on 410 Gone. */
const RESTART_DELAY_MS = 5_000;

/** A watched source of configuration: started, then stopped with the service. */
export interface ConfigWatch {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs an informer until stopped: on an error, reports it and starts it again after a delay. */
function supervised(
  informer: {
    start(): Promise<void>;
    stop(): Promise<void>;
    on(verb: 'error', fn: (error: unknown) => void): void;
  },
  onError: (error: unknown) => void,
): ConfigWatch {
  let stopped = false;
  let restart: NodeJS.Timeout | undefined;
  informer.on('error', (error) => {
    // Stopping aborts the watch, which the informer reports as an error: not one to restart after.
    if (stopped) return;
    onError(error);
    restart = setTimeout(() => {
      if (!stopped) informer.start().catch(() => {});
    }, RESTART_DELAY_MS);
  });
  return {
    start: () => informer.start(),
    stop: async () => {
      stopped = true;
      clearTimeout(restart);
      await informer.stop();
    },
  };
}

/**
 * The kill switch: key `paused` of a ConfigMap in the service's namespace. `"true"` pauses every trigger at
 * once, without a restart; anything else, or no ConfigMap, resumes them.
 */
export function watchKillSwitch(
  config: KubeConfig,
  where: { namespace: string; name: string },
  onChange: (paused: boolean) => void,
  onError: (error: unknown) => void,
): ConfigWatch {
  const core = config.makeApiClient(CoreV1Api);
  const fieldSelector = `metadata.name=${where.name}`;
  // The list and the watch both name the one ConfigMap, so the service's Role can be limited to that name
  // (makeInformer passes no field selector to its watch).
  const informer = new ListWatch(
    `/api/v1/namespaces/${where.namespace}/configmaps`,
    new Watch(config),
    () => core.listNamespacedConfigMap({ namespace: where.namespace, fieldSelector }),
    false,
    undefined,
    fieldSelector,
  );
  const read = (object: KubernetesObject & { data?: Record<string, string> }) => {
    if (object.metadata?.name === where.name) onChange(object.data?.paused === 'true');
  };
  informer.on('add', read);
  informer.on('update', read);
  informer.on('delete', (object) => {
    if (object.metadata?.name === where.name) onChange(false);
  });
  return supervised(informer, onError);
}

/**
 * Litmus EventTrackerPolicies in one namespace, validated; each change of the set hands over every valid
 * policy. An invalid one is reported and left out, rather than silently never matching as in Litmus.
 */
export function watchPolicies(
  config: KubeConfig,
  namespace: string,
  onChange: (policies: EventTrackerPolicy[]) => void,
  onInvalid: (name: string, problem: string) => void,
  onError: (error: unknown) => void,
): ConfigWatch {
  const custom = config.makeApiClient(CustomObjectsApi);
  const resource = { group: 'eventtracker.litmuschaos.io', version: 'v1', plural: 'eventtrackerpolicies' };
  const informer = makeInformer(
    config,
    `/apis/${resource.group}/${resource.version}/namespaces/${namespace}/${resource.plural}`,
    () => custom.listNamespacedCustomObject({ ...resource, namespace }),
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
  informer.on('add', (object) => {
    current.set(nameOf(object), object);
    publish();
  });
  informer.on('update', (object) => {
    current.set(nameOf(object), object);
    publish();
  });
  informer.on('delete', (object) => {
    current.delete(nameOf(object));
    publish();
  });
  return supervised(informer, onError);
}
