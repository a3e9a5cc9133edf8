import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
  type V1PodStatus,
} from '@kubernetes/client-node';
import { listWatch, ResyncedInformer } from '../../../src/cluster/informer.js';
import { serviceAccountKubeconfig } from '../service-account-kubeconfig.js';
import { argoStepShouldStop } from './argo-stop.js';
import { ARGO_MANIFEST, type ImageKind, type Launch, type LocalImages } from './local-images.js';
import { PodProcess, type ProcessEnd } from './pod-process.js';
import { deadlineExceededStatus, runningStatus, terminatedStatus } from './pod-status.js';
import { type Command, privatePathSupport } from './private-path.js';

/** Only pods no scheduler has placed: the kwok node is tainted, so Argo's and Litmus's pods stay unscheduled. */
const UNSCHEDULED = 'spec.nodeName=';
/** Restart backoff of a failed container whose restart policy asks for it, as a kubelet's: 10 s doubling to 5 min. */
const BACKOFF = { firstMs: 10_000, maxMs: 300_000 } as const;

/** A pod this runner has taken, while its process lives. */
interface Claimed {
  readonly pod: V1Pod;
  process?: PodProcess;
  deleted: boolean;
  /** Its `activeDeadlineSeconds` passed and its process was killed for it, as a kubelet does. */
  deadlineExceeded?: boolean;
}

/**
 * The part a kubelet plays, for the pods of Argo's `resource` steps and of Litmus (chaos-runner and the
 * experiment Jobs): it watches unscheduled pods, runs each one whose image it knows as a local process
 * ({@link LocalImages}) with the pod's env and its service account's credentials, several at once, reports
 * Running and then the terminal status a kubelet would, restarts a failed container when the pod's restart
 * policy says so, and sends SIGTERM (SIGKILL after the grace period) when the pod is deleted. An Argo step is
 * also stopped when its Workflow stops or its node has ended. Test-only.
 */
export class PodRunner {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly claimed = new Map<string, Claimed>();
  /** Pods whose process has ended and been reported, until their deletion: never run twice. */
  private readonly finished = new Set<string>();
  private readonly isolate = privatePathSupport(ARGO_MANIFEST);
  /** Argo steps run one at a time when no private /tmp can be had. */
  private argoTurn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: KubeConfig,
    private readonly images: LocalImages,
    private readonly log: (line: string) => void,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.custom = config.makeApiClient(CustomObjectsApi);
  }

  /** Runs pods until `signal` aborts, then stops every process it started. */
  async run(signal: AbortSignal): Promise<void> {
    this.log(
      `pod runner: Argo steps ${this.isolate === undefined ? 'one at a time' : `in parallel, each with its own ${ARGO_MANIFEST}`}`,
    );
    const informer = new ResyncedInformer<V1Pod>(
      () =>
        listWatch(
          this.config,
          '/api/v1/pods',
          () => this.core.listPodForAllNamespaces({ fieldSelector: UNSCHEDULED }),
          { fieldSelector: UNSCHEDULED },
        ),
      {
        upserted: (pod) => this.seen(pod),
        deleted: (pod) => this.gone(pod.metadata?.uid ?? ''),
        listed: (pods) => this.relisted(pods),
        restarting: (error, delayMs) =>
          this.log(`pod watch failed (${String(error)}); again in ${delayMs} ms`),
      },
    );
    await informer.start();
    const resync = setInterval(() => informer.resync().catch(() => {}), 30_000);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    clearInterval(resync);
    await informer.stop();
    await Promise.all(
      // Within the 10 s `testenv down` gives this process, so no chaos process outlives it.
      [...this.claimed.values()].map((claim) => this.stopProcess(claim, 'the pod runner stops', 5)),
    );
  }

  private relisted(pods: readonly V1Pod[]): void {
    const present = new Set(pods.map((pod) => pod.metadata?.uid));
    for (const uid of this.claimed.keys()) if (!present.has(uid)) void this.gone(uid);
    for (const pod of pods) this.seen(pod);
  }

  private seen(pod: V1Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (pod.metadata?.deletionTimestamp !== undefined) {
      void this.gone(uid);
      return;
    }
    if (this.claimed.has(uid) || this.finished.has(uid)) return;
    const kind = this.images.kindOf(pod);
    if (kind === undefined) return;
    if (pod.status?.phase === 'Running') {
      this.lost(pod);
      return;
    }
    if (pod.status?.phase !== 'Pending') return;
    const claim: Claimed = { pod, deleted: false };
    this.claimed.set(uid, claim);
    const start = () =>
      this.execute(claim, kind)
        .catch((error: unknown) => this.log(`${describePod(pod)}: ${String(error)}`))
        .finally(() => {
          this.claimed.delete(uid);
          if (!claim.deleted) this.finished.add(uid);
        });
    if (kind === 'argoexec' && this.isolate === undefined) this.argoTurn = this.argoTurn.then(start);
    else void start();
  }

  /**
   * A pod reported Running that no process of this runner plays: an earlier pod runner started it and stopped.
   * Its process is gone, so it ends Failed (code 137, as a killed container), and whoever waits on it goes on.
   */
  private lost(pod: V1Pod): void {
    const uid = pod.metadata?.uid ?? '';
    this.finished.add(uid);
    const now = new Date();
    const exit = {
      code: 137,
      message: 'its process was lost when the pod runner restarted',
      startedAt: now,
      finishedAt: now,
    };
    this.report(pod, terminatedStatus(pod, exit)).catch((error: unknown) =>
      this.log(`${describePod(pod)}: ${String(error)}`),
    );
    this.log(`${describePod(pod)}: ${exit.message}`);
  }

  /** The pod was deleted: its process gets SIGTERM, then SIGKILL after the pod's grace period. */
  private async gone(uid: string): Promise<void> {
    this.finished.delete(uid);
    const claim = this.claimed.get(uid);
    if (claim !== undefined) await this.stopProcess(claim, 'deleted');
  }

  private async stopProcess(
    claim: Claimed,
    why: string,
    maxGraceSeconds = Number.POSITIVE_INFINITY,
  ): Promise<void> {
    if (claim.deleted) return;
    claim.deleted = true;
    if (claim.process === undefined) return;
    this.log(`${describePod(claim.pod)}: ${why}, stopping its process`);
    await claim.process.stop(Math.min(claim.pod.spec?.terminationGracePeriodSeconds ?? 30, maxGraceSeconds));
  }

  private async execute(claim: Claimed, kind: ImageKind): Promise<void> {
    const { pod } = claim;
    const dir = this.images.podDir(pod);
    const kubeconfig = await serviceAccountKubeconfig(
      this.config,
      pod.metadata?.namespace ?? 'default',
      pod.spec?.serviceAccountName ?? 'default',
      dir,
      { file: 'kubeconfig' },
    );
    const launch = this.images.launch(pod, kind, kubeconfig);
    if ('refused' in launch) {
      const now = new Date();
      await this.report(
        pod,
        terminatedStatus(pod, { code: 1, message: launch.refused, startedAt: now, finishedAt: now }),
      );
      return;
    }
    const deadline = this.enforceDeadline(claim);
    for (let restarts = 0; !claim.deleted; restarts += 1) {
      const end = await this.runOnce(claim, kind, launch, restarts, join(dir, 'log'));
      if (end === undefined) return;
      if (claim.deadlineExceeded === true) {
        this.log(`${describePod(pod)}: killed past its activeDeadlineSeconds`);
        await this.report(pod, deadlineExceededStatus(pod, end.exit, restarts));
        return;
      }
      const restart = shouldRestart(pod.spec?.restartPolicy, end.exit.code);
      this.log(`${describePod(pod)}: exit ${end.exit.code}${restart ? ', restarting' : ''}`);
      if (!restart) {
        clearTimeout(deadline);
        await this.report(pod, terminatedStatus(pod, end.exit, restarts));
        return;
      }
      await sleep(Math.min(BACKOFF.firstMs * 2 ** restarts, BACKOFF.maxMs));
    }
    clearTimeout(deadline);
  }

  /**
   * A kubelet kills a pod that has been active longer than `spec.activeDeadlineSeconds` (Argo sets it from a
   * template's `activeDeadlineSeconds`) and fails it with `DeadlineExceeded`; this does the same, counting from
   * when the runner started it.
   */
  private enforceDeadline(claim: Claimed): NodeJS.Timeout | undefined {
    const seconds = claim.pod.spec?.activeDeadlineSeconds;
    if (seconds === undefined) return undefined;
    return setTimeout(() => {
      if (claim.deleted) return;
      claim.deadlineExceeded = true;
      void claim.process?.stop(claim.pod.spec?.terminationGracePeriodSeconds ?? 30);
    }, seconds * 1000);
  }

  /** Runs the pod's process once; undefined when the pod was deleted meanwhile (nothing left to report). */
  private async runOnce(
    claim: Claimed,
    kind: ImageKind,
    launch: Launch,
    restarts: number,
    logFile: string,
  ): Promise<{ exit: { code: number; message: string; startedAt: Date; finishedAt: Date } } | undefined> {
    const { pod } = claim;
    const startedAt = new Date();
    claim.process = new PodProcess(this.command(launch, pod), { env: launch.env, cwd: launch.cwd, logFile });
    this.log(`${describePod(pod)}: started ${kind}${restarts === 0 ? '' : ` (restart ${restarts})`}`);
    await this.report(pod, runningStatus(pod, startedAt, restarts));
    const end =
      kind === 'argoexec' ? await this.untilArgoStepEnds(claim.process, pod) : await claim.process.ended;
    if (claim.deleted) return undefined;
    return { exit: { code: end.code, message: lastError(end), startedAt, finishedAt: new Date() } };
  }

  private command(launch: Launch, pod: V1Pod): Command {
    if (launch.privatePath !== ARGO_MANIFEST || this.isolate === undefined) return launch;
    const own = join(this.images.podDir(pod), 'manifest.yaml');
    writeFileSync(own, '');
    return this.isolate(own, launch);
  }

  /** Waits for an Argo step, stopping it when Argo would have (see {@link argoStepShouldStop}). */
  private async untilArgoStepEnds(process: PodProcess, pod: V1Pod): Promise<ProcessEnd> {
    for (;;) {
      const end = await Promise.race([process.ended, sleep(1000).then(() => undefined)]);
      if (end !== undefined) return end;
      if (await argoStepShouldStop(this.custom, pod)) return process.stop(5);
    }
  }

  /** Writes the pod's status as a kubelet would; a pod deleted meanwhile has nothing to report to. */
  private async report(pod: V1Pod, status: V1PodStatus): Promise<void> {
    await this.core
      .patchNamespacedPodStatus(
        { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', body: { status } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== 404) throw error;
      });
  }
}

function shouldRestart(policy: string | undefined, code: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && code !== 0);
}

function describePod(pod: V1Pod): string {
  return `pod ${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

/** The line of a failed process's output that says why, for the pod's status message. */
function lastError(end: ProcessEnd): string {
  if (end.code === 0) return '';
  const lines = end.output.split('\n');
  const errors = lines.filter((line) => /level=(error|fatal)|Error|error/.test(line));
  return (errors.at(-1) ?? lines.at(-1) ?? 'the process failed').slice(0, 500);
}
