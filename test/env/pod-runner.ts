import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1EnvVar,
  type V1Pod,
} from '@kubernetes/client-node';
import { serviceAccountKubeconfig } from './service-account-kubeconfig.js';

/**
 * The part a kubelet plays, for Argo's `resource` template pods only: runs the real `argoexec resource <action>`
 * as a local process with the pod's environment and its service account's credentials, then writes the pod's
 * terminal status the way a kubelet would, so the workflow controller advances. Test-only.
 *
 * Pods run one at a time: argoexec always writes its manifest to /tmp/manifest.yaml. A running step is killed
 * when its workflow is stopped or its node has already ended, as a kubelet would on Argo's signal.
 */
export class PodRunner {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly handled = new Set<string>();

  constructor(
    private readonly config: KubeConfig,
    private readonly argoexec: string,
    private readonly workDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.custom = config.makeApiClient(CustomObjectsApi);
    mkdirSync(workDir, { recursive: true });
  }

  /** Runs pending workflow pods until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const pods = await this.core
        .listPodForAllNamespaces({ labelSelector: 'workflows.argoproj.io/workflow' })
        .catch(() => undefined);
      const next = pods?.items.find(
        (pod) => pod.status?.phase === 'Pending' && !this.handled.has(pod.metadata?.uid ?? ''),
      );
      if (next === undefined) {
        await sleep(300);
        continue;
      }
      this.handled.add(next.metadata?.uid ?? '');
      await this.execute(next).catch((error: unknown) =>
        this.log(`pod ${next.metadata?.name}: ${String(error)}`),
      );
    }
  }

  private async execute(pod: V1Pod): Promise<void> {
    const name = pod.metadata?.name ?? '';
    const namespace = pod.metadata?.namespace ?? 'default';
    const main = pod.spec?.containers.find((container) => container.name === 'main');
    const command = [...(main?.command ?? []), ...(main?.args ?? [])];
    const separator = command.indexOf('--');
    const args = command.slice(separator + 2);
    if (separator === -1 || args[0] !== 'resource') {
      await this.finish(
        pod,
        1,
        `chaosflow's pod runner only runs resource templates, not: ${command.join(' ')}`,
        new Date(),
      );
      return;
    }
    const kubeconfig = await serviceAccountKubeconfig(
      this.config,
      namespace,
      pod.spec?.serviceAccountName ?? 'default',
      this.workDir,
    );
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KUBECONFIG: kubeconfig,
      ...this.podEnv(pod),
    };
    const started = new Date();
    this.log(`pod ${namespace}/${name}: argoexec ${args.join(' ')}`);
    const child = spawn(this.argoexec, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await this.waitOrStop(child, pod);
    const message = code === 0 ? '' : lastError(output);
    await this.finish(pod, code, message, started);
    this.log(`pod ${namespace}/${name}: exit ${code}${message === '' ? '' : `: ${message}`}`);
  }

  /** The pod's env with downward-API fields resolved, plus ARGO_TEMPLATE from the init container. */
  private podEnv(pod: V1Pod): Record<string, string> {
    const init = pod.spec?.initContainers?.find((container) => container.name === 'init');
    const main = pod.spec?.containers.find((container) => container.name === 'main');
    const variables: V1EnvVar[] = [
      ...(main?.env ?? []),
      ...(init?.env ?? []).filter((variable) => variable.name === 'ARGO_TEMPLATE'),
    ];
    const fields: Record<string, string | undefined> = {
      'metadata.name': pod.metadata?.name,
      'metadata.uid': pod.metadata?.uid,
      'metadata.namespace': pod.metadata?.namespace,
    };
    return Object.fromEntries(
      variables.flatMap((variable) => {
        const value = variable.value ?? fields[variable.valueFrom?.fieldRef?.fieldPath ?? ''];
        return value === undefined ? [] : [[variable.name, value]];
      }),
    );
  }

  private async waitOrStop(child: ChildProcess, pod: V1Pod): Promise<number> {
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    for (;;) {
      const code = await Promise.race([exited, sleep(1000).then(() => undefined)]);
      if (code !== undefined) return code;
      if (await this.shouldStop(pod)) {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        child.kill('SIGKILL');
        return exited;
      }
    }
  }

  private async shouldStop(pod: V1Pod): Promise<boolean> {
    const workflowName = pod.metadata?.labels?.['workflows.argoproj.io/workflow'] ?? '';
    const nodeId = pod.metadata?.annotations?.['workflows.argoproj.io/node-id'] ?? '';
    const workflow = (await this.custom
      .getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace: pod.metadata?.namespace ?? '',
        plural: 'workflows',
        name: workflowName,
      })
      .catch(() => undefined)) as
      | { spec?: { shutdown?: string }; status?: { nodes?: Record<string, { phase?: string }> } }
      | undefined;
    if (workflow === undefined) return true;
    const phase = workflow.status?.nodes?.[nodeId]?.phase;
    const isExitHandler =
      pod.metadata?.labels?.['workflows.argoproj.io/on-exit'] === 'true' ||
      pod.metadata?.annotations?.['workflows.argoproj.io/node-name']?.includes('.onExit') === true;
    return (
      (workflow.spec?.shutdown !== undefined && !isExitHandler) ||
      phase === 'Failed' ||
      phase === 'Error' ||
      phase === 'Succeeded'
    );
  }

  /** Writes the pod's terminal status as a kubelet would: phase, and the main container's terminated state. */
  private async finish(pod: V1Pod, code: number, message: string, started: Date): Promise<void> {
    const name = pod.metadata?.name ?? '';
    const namespace = pod.metadata?.namespace ?? '';
    const current = await this.core.readNamespacedPodStatus({ name, namespace });
    const finished = new Date();
    const terminated = (exitCode: number) => ({
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
      startedAt: started,
      finishedAt: finished,
      ...(exitCode === 0 ? {} : { message }),
    });
    current.status = {
      ...current.status,
      phase: code === 0 ? 'Succeeded' : 'Failed',
      ...(code === 0 ? {} : { message }),
      startTime: started,
      initContainerStatuses: [
        {
          name: 'init',
          image: 'argoexec',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: terminated(0) },
        },
      ],
      containerStatuses: [
        {
          name: 'main',
          image: 'argoexec',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: terminated(code) },
        },
      ],
    };
    await this.core.replaceNamespacedPodStatus({ name, namespace, body: current });
  }
}

function lastError(output: string): string {
  const lines = output
    .trim()
    .split('\n')
    .filter((line) => /level=(error|fatal)|Error|error/.test(line));
  return (lines.at(-1) ?? output.trim().split('\n').at(-1) ?? 'argoexec failed').slice(0, 500);
}
