import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { argoexecBuildDir } from './argo-source.js';
import { goEnv } from './go-modules.js';
import { binDir, CACHE_ROOT } from './paths.js';
import { ENV_DIR, versions } from './versions.js';

/** One binary of the control plane and how to build it from its wrapper module in `go/`. */
export interface BinarySpec {
  readonly name: string;
  /** Directory under `test/env/go/`. */
  readonly module: string;
  readonly goPackage: string;
  readonly ldflags?: readonly string[];
  /** Build tags, passed as `-tags a,b`. */
  readonly tags?: readonly string[];
  /** Needed for `up`; the others are built and started when they can be. */
  readonly required: boolean;
  /** Builds in this directory instead of the wrapper module's. */
  readonly buildDir?: () => string;
}

const kubeVersion = () => {
  const [major, minor] = versions.kubernetes.split('.');
  return [
    `-X k8s.io/component-base/version.gitVersion=v${versions.kubernetes}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    '-X k8s.io/component-base/version.gitTreeState=clean',
  ];
};
const argoVersion = () => [`-X github.com/argoproj/argo-workflows/v3.version=v${versions.argo}`];
const prometheusVersion = () => [`-X github.com/prometheus/common/version.Version=${versions.prometheus}`];
/** Leaves out every service discovery but static, file and HTTP: the cloud SDKs are most of the build. */
const PROMETHEUS_TAGS = ['remove_all_sd'];

/** Every binary, in build order: the API server's first, so a partial build still gives a usable API. */
export const BINARIES: readonly BinarySpec[] = [
  { name: 'etcd', module: 'etcd', goPackage: '.', required: true },
  {
    name: 'kube-apiserver',
    module: 'kube',
    goPackage: 'k8s.io/kubernetes/cmd/kube-apiserver',
    ldflags: kubeVersion(),
    required: true,
  },
  {
    name: 'argo',
    module: 'argo',
    goPackage: 'github.com/argoproj/argo-workflows/v3/cmd/argo',
    ldflags: argoVersion(),
    required: false,
  },
  {
    name: 'kube-controller-manager',
    module: 'kube',
    goPackage: 'k8s.io/kubernetes/cmd/kube-controller-manager',
    ldflags: kubeVersion(),
    required: false,
  },
  {
    name: 'kube-scheduler',
    module: 'kube',
    goPackage: 'k8s.io/kubernetes/cmd/kube-scheduler',
    ldflags: kubeVersion(),
    required: false,
  },
  { name: 'kwok', module: 'kwok', goPackage: 'sigs.k8s.io/kwok/cmd/kwok', required: false },
  {
    name: 'workflow-controller',
    module: 'argo',
    goPackage: 'github.com/argoproj/argo-workflows/v3/cmd/workflow-controller',
    ldflags: argoVersion(),
    required: false,
  },
  {
    name: 'helm',
    module: 'helm',
    goPackage: 'helm.sh/helm/v3/cmd/helm',
    ldflags: [`-X helm.sh/helm/v3/internal/version.version=v${versions.helm}`],
    required: false,
  },
  {
    name: 'chaos-operator',
    module: 'litmus',
    goPackage: 'github.com/litmuschaos/chaos-operator',
    required: false,
  },
  {
    name: 'experiments',
    module: 'litmus',
    goPackage: 'github.com/litmuschaos/litmus-go/bin/experiment',
    required: false,
  },
  {
    name: 'kubectl',
    module: 'kube',
    goPackage: 'k8s.io/kubernetes/cmd/kubectl',
    ldflags: kubeVersion(),
    required: false,
  },
  {
    name: 'argoexec',
    module: 'argo',
    goPackage: 'github.com/argoproj/argo-workflows/v3/cmd/argoexec',
    ldflags: argoVersion(),
    required: false,
    buildDir: argoexecBuildDir,
  },
  {
    name: 'prometheus',
    module: 'prometheus',
    goPackage: 'github.com/prometheus/prometheus/cmd/prometheus',
    ldflags: prometheusVersion(),
    tags: PROMETHEUS_TAGS,
    required: false,
  },
  {
    name: 'promtool',
    module: 'prometheus',
    goPackage: 'github.com/prometheus/prometheus/cmd/promtool',
    ldflags: prometheusVersion(),
    tags: PROMETHEUS_TAGS,
    required: false,
  },
];

/** What building the binaries gave. */
export interface BuildReport {
  readonly dir: string;
  readonly built: readonly string[];
  readonly cached: readonly string[];
  readonly failed: readonly { name: string; error: string }[];
}

/**
 * Builds every missing binary into the cache directory for the pinned versions, printing progress. A binary
 * that fails to build is reported with its error and the rest are still built; the caller decides whether
 * what is there suffices.
 */
export async function ensureBinaries(log: (line: string) => void = console.log): Promise<BuildReport> {
  const dir = binDir();
  mkdirSync(dir, { recursive: true });
  removeStaleBinaries(dir, log);
  const missing = BINARIES.filter((spec) => !existsSync(join(dir, spec.name))).length;
  if (missing > 0)
    log(`building ${missing} binaries into ${dir}; a cold build takes about 18 minutes on 2 cores`);
  const built: string[] = [];
  const cached: string[] = [];
  const failed: { name: string; error: string }[] = [];
  for (const [index, spec] of BINARIES.entries()) {
    const target = join(dir, spec.name);
    const step = `[${index + 1}/${BINARIES.length}] ${spec.name}`;
    if (existsSync(target)) {
      cached.push(spec.name);
      continue;
    }
    log(`${step}: building from test/env/go/${spec.module}`);
    const started = Date.now();
    try {
      await goBuild(spec, target);
      built.push(spec.name);
      log(`${step}: built in ${Math.round((Date.now() - started) / 1000)} s`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ name: spec.name, error: message });
      log(`${step}: FAILED after ${Math.round((Date.now() - started) / 1000)} s:\n${message}`);
    }
  }
  return { dir, built, cached, failed };
}

function goBuild(spec: BinarySpec, target: string): Promise<void> {
  const temporary = `${target}.partial`;
  const cwd = spec.buildDir === undefined ? join(ENV_DIR, 'go', spec.module) : spec.buildDir();
  const args = [
    'build',
    '-p',
    '2',
    '-trimpath',
    ...(spec.tags === undefined ? [] : ['-tags', spec.tags.join(',')]),
    '-ldflags',
    ['-s', '-w', ...(spec.ldflags ?? [])].join(' '),
    '-o',
    temporary,
    spec.goPackage,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd,
      env: goEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) =>
      reject(new Error(`cannot run go: ${error.message}; is the Go toolchain installed?`)),
    );
    child.on('close', (code) => {
      if (code !== 0)
        return reject(
          new Error(
            `go ${args.join(' ')} exited ${code}:\n${output.trim().split('\n').slice(-20).join('\n')}`,
          ),
        );
      renameSync(temporary, target);
      resolve();
    });
  });
}

/** Removes binary sets of earlier pins (hundreds of MB each); Go's own caches keep rebuilds fast. */
function removeStaleBinaries(current: string, log: (line: string) => void): void {
  for (const entry of readdirSync(CACHE_ROOT)) {
    const dir = join(CACHE_ROOT, entry, 'bin');
    if (/^[0-9a-f]{16}$/.test(entry) && dir !== current) {
      rmSync(join(CACHE_ROOT, entry), { recursive: true, force: true });
      log(`removed binaries of an earlier pin: ${entry}`);
    }
  }
}
