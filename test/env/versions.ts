import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The pinned versions of the test control plane (`versions.json`). */
export interface Versions {
  readonly kubernetes: string;
  readonly etcd: string;
  readonly kwok: string;
  readonly argo: string;
  /**
   * Argo release whose full CRDs are installed: v3.7 is the first whose full CRDs are structural (v3.6's have
   * `inline: {}` and untyped nested `steps`, which the API server refuses).
   */
  readonly argoCrds: string;
  /** chaos-operator, as a Go pseudo-version: its CRDs, its RBAC and the operator itself come from this commit. */
  readonly chaosOperator: string;
  /** litmus-go (the experiments binary), as a Go pseudo-version: the proxy serves no tagged Litmus release. */
  readonly litmusGo: string;
  readonly helm: string;
  /** The Prometheus release (server and promtool); its Go module is v0.<major><minor>.<patch>, e.g. v0.316.0. */
  readonly prometheus: string;
}

/** Directory of this harness. */
export const ENV_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The pinned versions. */
export const versions: Versions = JSON.parse(readFileSync(new URL('versions.json', import.meta.url), 'utf8'));
