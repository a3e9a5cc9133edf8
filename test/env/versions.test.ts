import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_DIR, versions } from './versions.js';

/** Prometheus's Go module version for a release: 3.16.0 is v0.316.0. */
function prometheusModuleVersion(release: string): string {
  const [major, minor, patch] = release.split('.');
  return `v0.${major}${minor?.padStart(2, '0')}.${patch}`;
}

const goMod = (module: string) => readFileSync(join(ENV_DIR, 'go', module, 'go.mod'), 'utf8');

/** The version a wrapper module requires of `dependency`, in a single require line or a require block. */
function required(module: string, dependency: string): string | undefined {
  const escaped = dependency.replaceAll('.', '\\.').replaceAll('/', '\\/');
  return new RegExp(`^(?:require |\\t)${escaped} (v\\S+)`, 'm').exec(goMod(module))?.[1];
}

describe('test control plane versions', () => {
  it('are pinned in versions.json and nowhere else: every wrapper module requires exactly them', () => {
    expect(required('kube', 'k8s.io/kubernetes')).toBe(`v${versions.kubernetes}`);
    expect(required('etcd', 'go.etcd.io/etcd/server/v3')).toBe(`v${versions.etcd}`);
    expect(required('kwok', 'sigs.k8s.io/kwok')).toBe(`v${versions.kwok}`);
    expect(required('argo', 'github.com/argoproj/argo-workflows/v3')).toBe(`v${versions.argo}`);
    expect(required('helm', 'helm.sh/helm/v3')).toBe(`v${versions.helm}`);
    expect(required('prometheus', 'github.com/prometheus/prometheus')).toBe(
      prometheusModuleVersion(versions.prometheus),
    );
    expect(required('litmus', 'github.com/litmuschaos/chaos-operator')).toBe(versions.chaosOperator);
    expect(required('litmus', 'github.com/litmuschaos/litmus-go')).toBe(versions.litmusGo);
  });

  it('map every Kubernetes staging module to the release of k8s.io/kubernetes', () => {
    const staging = [...goMod('kube').matchAll(/^\t(k8s\.io\/[a-z-]+) => \1 (v[0-9.]+)$/gm)];
    expect(staging.length).toBeGreaterThan(25);
    const [, minor, patch] = versions.kubernetes.split('.');
    expect(new Set(staging.map((match) => match[2]))).toEqual(new Set([`v0.${minor}.${patch}`]));
  });

  it('map etcd sibling modules to the etcd release', () => {
    const siblings = [...goMod('etcd').matchAll(/^\t(go\.etcd\.io\/etcd\/[a-z/0-9]+) => \1 (v[0-9.]+)$/gm)];
    expect(siblings.length).toBe(6);
    expect(siblings.every((match) => match[2]?.endsWith(versions.etcd.slice(2)))).toBe(true);
  });
});
