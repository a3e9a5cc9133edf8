import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { V1Pod } from '@kubernetes/client-node';
import { containerEnv } from './pod-env.js';

/** The images the pod runner can run, by what their pods do. */
export type ImageKind = 'argoexec' | 'chaos-runner' | 'go-runner';

/** A pod's main process, as a local program. */
export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** A fixed path the process writes, which two processes at once would share unless each had its own. */
  readonly privatePath?: string;
}

/** Where argoexec always writes a resource template's manifest: two steps at once would overwrite each other's. */
export const ARGO_MANIFEST = '/tmp/manifest.yaml';

/** Why a pod of a known image cannot run here. */
export interface Refusal {
  readonly refused: string;
}

const RUN_TS = fileURLToPath(new URL('../../../bin/run-ts.js', import.meta.url));
const RUNNER_STAND_IN = fileURLToPath(new URL('../litmus/chaos-runner-main.ts', import.meta.url));

/**
 * What the images of Argo's and Litmus's pods hold, as local programs built into the control plane's bin
 * directory: `argoexec` is Argo's executor; `go-runner` is litmus-go's image, whose working directory holds
 * `./experiments` (and kubectl, which node-drain calls); `chaos-runner` is Litmus's runner, played by the
 * stand-in in test/env/litmus unless a real `chaos-runner` binary has been built. Each process gets the pod's
 * env and a kubeconfig of the pod's service account, where a kubelet would mount its token.
 */
export class LocalImages {
  constructor(
    private readonly binDir: string,
    private readonly workDir: string,
  ) {}

  /** Which of the known images the pod runs, or undefined when the runner leaves the pod alone. */
  kindOf(pod: V1Pod): ImageKind | undefined {
    if (pod.metadata?.labels?.['workflows.argoproj.io/workflow'] !== undefined) return 'argoexec';
    const name = imageName(pod.spec?.containers[0]?.image ?? '');
    return name === 'chaos-runner' || name === 'go-runner' ? name : undefined;
  }

  /** The process that plays the pod's main container; `kubeconfig` is its service account's. */
  launch(pod: V1Pod, kind: ImageKind, kubeconfig: string): Launch | Refusal {
    const dir = this.podDir(pod);
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig };
    switch (kind) {
      case 'argoexec':
        return this.argoexec(pod, dir, base);
      case 'chaos-runner':
        return this.chaosRunner(pod, dir, base, kubeconfig);
      case 'go-runner':
        return this.goRunner(pod, dir, base);
    }
  }

  /** A directory of the pod's own: its kubeconfig, log, working directory and private files. */
  podDir(pod: V1Pod): string {
    const dir = join(this.workDir, 'pods', pod.metadata?.uid ?? 'unknown');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private argoexec(pod: V1Pod, dir: string, base: Record<string, string>): Launch | Refusal {
    const main = pod.spec?.containers.find((container) => container.name === 'main');
    const init = pod.spec?.initContainers?.find((container) => container.name === 'init');
    const command = [...(main?.command ?? []), ...(main?.args ?? [])];
    const separator = command.indexOf('--');
    const args = command.slice(separator + 2);
    if (main === undefined || separator === -1 || args[0] !== 'resource')
      return { refused: `chaosflow's pod runner only runs resource templates, not: ${command.join(' ')}` };
    const template = (init?.env ?? []).filter((variable) => variable.name === 'ARGO_TEMPLATE');
    return {
      command: join(this.binDir, 'argoexec'),
      args,
      env: { ...base, ...containerEnv(pod, main, template) },
      cwd: dir,
      privatePath: ARGO_MANIFEST,
    };
  }

  private chaosRunner(pod: V1Pod, dir: string, base: Record<string, string>, kubeconfig: string): Launch {
    const container = pod.spec?.containers[0];
    const env = { ...base, ...(container === undefined ? {} : containerEnv(pod, container)) };
    const flag = `-kubeconfig=${kubeconfig}`;
    const real = join(this.binDir, 'chaos-runner');
    if (existsSync(real)) return { command: real, args: [flag], env, cwd: dir };
    return {
      command: process.execPath,
      args: [RUN_TS, RUNNER_STAND_IN, flag],
      env,
      cwd: dir,
    };
  }

  private goRunner(pod: V1Pod, dir: string, base: Record<string, string>): Launch | Refusal {
    const container = pod.spec?.containers[0];
    const command = [...(container?.command ?? []), ...(container?.args ?? [])];
    const [program, ...args] = command;
    if (container === undefined || program === undefined)
      return { refused: 'the go-runner pod has no command: its image has no entrypoint' };
    const workdir = this.goRunnerWorkdir(dir);
    return {
      command: program,
      args,
      env: { ...base, PATH: `${workdir}:${base.PATH}`, ...containerEnv(pod, container) },
      cwd: workdir,
    };
  }

  /**
   * The go-runner image's working directory: `experiments`, which tells litmus-go's binary its cluster as the
   * pod's in-cluster config would, and `kubectl`.
   */
  private goRunnerWorkdir(dir: string): string {
    const workdir = join(dir, 'litmus');
    mkdirSync(workdir, { recursive: true });
    writeFileSync(
      join(workdir, 'experiments'),
      `#!/bin/sh\nexec '${join(this.binDir, 'experiments')}' -kubeconfig="$KUBECONFIG" "$@"\n`,
      { mode: 0o755 },
    );
    if (!existsSync(join(workdir, 'kubectl')))
      symlinkSync(join(this.binDir, 'kubectl'), join(workdir, 'kubectl'));
    return workdir;
  }
}

/** `registry.example/litmuschaos/go-runner:3.28.0@sha256:…` → `go-runner`. */
export function imageName(image: string): string {
  const path = image.split('@')[0] ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.split(':')[0] ?? '';
}
