import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { objectsIn, serverSideApply } from './apply.js';
import { goModuleDir } from './go-modules.js';
import { ENV_DIR, versions } from './versions.js';

/**
 * The CRDs the control plane installs, read from the projects' own Go modules, never retyped: Argo's full
 * CRDs (complete schemas, as Argo 4 installs by default; from `versions.argoCrds`) and Litmus's
 * chaosengines, chaosexperiments and chaosresults from chaos-operator's `deploy/crds`; plus the
 * EventTrackerPolicy CRD our chart ships (Litmus's own lives in a module the Go proxy here does not serve).
 */
export function crdObjects(): KubernetesObject[] {
  const argo = goModuleDir('github.com/argoproj/argo-workflows/v3', `v${versions.argoCrds}`, ENV_DIR);
  const litmus = goModuleDir('github.com/litmuschaos/chaos-operator', versions.chaosOperator, ENV_DIR);
  return [
    ...objectsIn(join(argo, 'manifests', 'base', 'crds', 'full')),
    ...objectsIn(join(litmus, 'deploy', 'crds')),
    ...objectsIn(fileURLToPath(new URL('../../charts/chaosflow/crds', import.meta.url))),
  ];
}

/** Applies the CRDs and waits until the API server serves every one of them. */
export async function installCrds(config: KubeConfig, log: (line: string) => void): Promise<void> {
  const crds = crdObjects();
  await serverSideApply(config, crds);
  log(`installed ${crds.length} CRDs: ${crds.map((crd) => crd.metadata?.name).join(', ')}`);
  await waitForEstablished(
    config,
    crds.map((crd) => crd.metadata?.name ?? ''),
  );
}

async function waitForEstablished(config: KubeConfig, names: readonly string[]): Promise<void> {
  const { ApiextensionsV1Api } = await import('@kubernetes/client-node');
  const api = config.makeApiClient(ApiextensionsV1Api);
  const deadline = Date.now() + 60_000;
  for (const name of names) {
    for (;;) {
      const crd = await api.readCustomResourceDefinition({ name });
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} was not established within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
