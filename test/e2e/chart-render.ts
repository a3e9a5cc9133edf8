import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/k8s/objects.js';
import { CHART_DIR } from '../chart/chart-dir.js';
import { versions } from '../env/versions.js';

/** What one run of helm printed. */
export interface HelmRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The helm binary: the test control plane's pinned build, or the one on PATH against a user's cluster. */
export function helmBinary(binDir: string): string {
  return binDir === '' ? 'helm' : join(binDir, 'helm');
}

export function runHelm(helm: string, args: readonly string[]): HelmRun {
  const run = spawnSync(helm, args, { encoding: 'utf8' });
  if (run.error !== undefined) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * `helm template` of the chart as release `release` in `namespace`, with `--set`-style pairs and values
 * files. The Kubernetes version is the control plane's: a helm built from source assumes 1.20 otherwise.
 */
export function helmTemplate(
  helm: string,
  release: string,
  namespace: string,
  options: { readonly values?: readonly string[]; readonly set?: readonly string[] } = {},
): HelmRun {
  return runHelm(helm, [
    'template',
    release,
    CHART_DIR,
    '--namespace',
    namespace,
    '--kube-version',
    versions.kubernetes,
    ...(options.values ?? []).flatMap((file) => ['--values', file]),
    ...(options.set ?? []).flatMap((pair) => ['--set', pair]),
  ]);
}

/** The objects of rendered YAML, in order. */
export function objectsOf(yaml: string): KubeObject[] {
  return parseAllDocuments(yaml)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}
