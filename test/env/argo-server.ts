import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARGO_NAMESPACE } from './argo-controller.js';
import { binDir } from './paths.js';
import { PodProcess } from './pods/pod-process.js';
import { freePort } from './processes.js';
import { whyNotReady } from './ready.js';

/** An `argo server` started for a test: the API the Argo UI reads. */
export interface RunningArgoServer {
  /** Where its HTTP API answers, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops it and removes its log. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_SECONDS = 5;

/**
 * Starts `argo server` from the test control plane's `argo` binary (the same Argo build as its controller) on a
 * free port of 127.0.0.1, over plain HTTP, answering every request with its own credentials (`--auth-mode
 * server`) from `kubeconfig`, and reading the controller's ConfigMap (links among it) at start. Resolves once its
 * API answers a list of templates.
 */
export async function startArgoServer(kubeconfig: string): Promise<RunningArgoServer> {
  const binary = join(binDir(), 'argo');
  if (!existsSync(binary))
    throw new Error(
      `${binary} is missing: run \`npm run testenv -- up\` to build the test control plane's binaries`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-argo-server-'));
  const port = await freePort();
  const server = new PodProcess(
    {
      command: binary,
      args: [
        'server',
        '--kubeconfig',
        kubeconfig,
        '--namespace',
        ARGO_NAMESPACE,
        '--auth-mode',
        'server',
        '--secure=false',
        '--port',
        String(port),
      ],
    },
    { env: { HOME: dir, PATH: process.env.PATH ?? '' }, cwd: dir, logFile: join(dir, 'argo-server.log') },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const end = await server.stop(STOP_GRACE_SECONDS);
    rmSync(dir, { recursive: true, force: true });
    return end;
  };
  // A list, not /api/v1/version: the HTTP gateway answers the version before its gRPC server takes calls (503).
  const problem = await whyNotReady(
    `${url}/api/v1/workflow-templates/${ARGO_NAMESPACE}`,
    server,
    READY_TIMEOUT_MS,
  );
  if (problem !== undefined) {
    const { output } = await stop();
    throw new Error(`argo server (${binary}) did not start: ${problem}; its log ends:\n${output}`);
  }
  return {
    url,
    stop: async () => {
      await stop();
    },
  };
}
