import { pino } from 'pino';
import { loadKubeConfig } from '../cluster/kubeconfig.js';
import { UserError } from '../errors.js';
import { startTriggerService } from './service.js';
import type { ServiceOptions } from './service-options.js';

/**
 * Runs the trigger service until SIGTERM or SIGINT, logging JSON lines to stdout and telling `say` (a line for
 * the person who started it) where it listens. Refuses to start with an HTTP API that has no credentials, and
 * says how to reach the cluster when it cannot.
 */
export async function runService(options: ServiceOptions, say: (line: string) => void): Promise<void> {
  if (
    options.auth !== undefined &&
    options.auth.token === undefined &&
    options.auth.hmacSecret === undefined
  ) {
    throw new UserError(
      'POST /v1/trigger has no credentials\n  → set CHAOSFLOW_TRIGGER_TOKEN (bearer token) or CHAOSFLOW_TRIGGER_HMAC_SECRET (HMAC signing secret), or turn the HTTP API off with --no-api',
    );
  }
  const config = loadKubeConfig();
  const log = pino({ base: { service: 'chaosflow-trigger' } });
  let service: Awaited<ReturnType<typeof startTriggerService>>;
  try {
    service = await startTriggerService(config, options, log);
  } catch (error) {
    const server = config.getCurrentCluster()?.server ?? '(no cluster configured)';
    throw new UserError(
      `cannot start watching the cluster at ${server}: ${error instanceof Error ? error.message : String(error)}\n  → check KUBECONFIG (or the pod's service account) and that the API server is reachable`,
    );
  }
  say(`chaosflow trigger service listening on :${service.port}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log.info('stopping');
      service.stop().then(resolve, resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
