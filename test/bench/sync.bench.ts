// GitOps benchmark: prints figures, asserts nothing. Needs the test control plane (started if down) or
// KUBECONFIG. Run with `npm run bench:sync`. A real git repository of 500 experiment files is synced into
// an empty namespace (cold: 500 WorkflowTemplates created), then again without a change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ClusterClients } from '../../src/cluster/clients.js';
import { kubeSyncTarget } from '../../src/cluster/gitops-applier.js';
import { sync } from '../../src/gitops/sync.js';
import { loadHub } from '../../src/hub/load.js';
import { serverSideApply } from '../env/apply.js';
import { up } from '../env/cluster.js';
import { GitRepo } from '../gitops/git-repo.js';

const EXPERIMENTS = 500;
const kubeconfigFile = process.env.KUBECONFIG || (await up(() => undefined)).kubeconfig;
const config = new KubeConfig();
config.loadFromFile(kubeconfigFile);
const namespace = `bench-sync-${Date.now().toString(36)}`;
await serverSideApply(config, [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
] as never);

const repo = new GitRepo();
const files: Record<string, string> = {};
for (let i = 0; i < EXPERIMENTS; i += 1) {
  files[`experiments/team-${i % 10}/experiment-${i}.ts`] = [
    "import { experiment, faults, target } from 'chaosflow';",
    'export default experiment({',
    `  name: 'experiment-${i}',`,
    `  namespace: '${namespace}',`,
    `  target: target.deployment({ namespace: 'shop', labels: { app: 'app-${i}' } }),`,
    "  faults: [faults.podDelete({ tunables: { totalChaosDuration: '30s' } }), faults.podCpuHog()],",
    '});',
    '',
  ].join('\n');
}
repo.commit(files);
const cacheDir = mkdtempSync(join(tmpdir(), 'chaosflow-bench-git-'));
const options = {
  source: { repo: repo.dir, branch: 'main' },
  hub: loadHub(),
  cacheDir,
  dryRun: false,
  prune: true,
};

for (const label of ['cold (empty cluster, new working copy)', 'no change']) {
  const started = performance.now();
  const report = await sync(kubeSyncTarget(new ClusterClients(config)), options);
  const seconds = (performance.now() - started) / 1000;
  const counts = new Map<string, number>();
  for (const { action } of report.actions) counts.set(action, (counts.get(action) ?? 0) + 1);
  console.log(
    `sync of ${EXPERIMENTS} experiments, ${label}: ${seconds.toFixed(1)} s (${[...counts].map(([a, n]) => `${n} ${a}`).join(', ')})`,
  );
}
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
repo.remove();
rmSync(cacheDir, { recursive: true, force: true });
await config.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
process.exit(0);
