import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClusterClients } from '../../src/cluster/clients.js';
import { kubeSyncTarget } from '../../src/cluster/gitops-applier.js';
import { type SyncOptions, sync } from '../../src/gitops/sync.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { runCli } from '../cli/run-cli.js';
import { serverSideApply } from '../env/apply.js';
import { GitRepo } from '../gitops/git-repo.js';
import { hub } from '../helpers.js';

// GitOps against a real API server with the real Argo CRDs, from real git repositories in temp dirs.
const config = new KubeConfig();
const namespace = `sync-${Date.now().toString(36)}`;
const repo = new GitRepo();
const cacheDir = mkdtempSync(join(tmpdir(), 'chaosflow-sync-cache-'));

const experimentFile = (name: string, duration = '30s') =>
  [
    "import { experiment, faults, target } from 'chaosflow';",
    'export default experiment({',
    `  name: '${name}',`,
    `  namespace: '${namespace}',`,
    "  target: target.deployment({ namespace: 'shop', labels: { app: 'cart' } }),",
    `  faults: [faults.podDelete({ tunables: { totalChaosDuration: '${duration}' } })],`,
    '});',
    '',
  ].join('\n');

const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
  source: { repo: repo.dir, branch: 'main' },
  hub: hub(),
  cacheDir,
  dryRun: false,
  prune: true,
  ...overrides,
});

async function templates(): Promise<KubeObject[]> {
  const list = await config.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace,
    plural: 'workflowtemplates',
  });
  return (list.items as KubeObject[]).sort((a, b) =>
    String(a.metadata.name).localeCompare(String(b.metadata.name)),
  );
}

const names = async () => (await templates()).map((template) => template.metadata.name);
const actions = (report: Awaited<ReturnType<typeof sync>>) =>
  report.actions.map((a) => `${a.action} ${a.key}`);

beforeAll(async () => {
  config.loadFromFile(inject('kubeconfig'));
  await serverSideApply(config, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  ] as never);
});

afterAll(async () => {
  repo.remove();
  rmSync(cacheDir, { recursive: true, force: true });
  await config.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
});

describe('chaosflow sync, against a real API server', () => {
  it('syncs a scheduled experiment as a CronWorkflow, which Litmus sync skips', async () => {
    const scheduled = [
      "import { experiment, faults, target } from 'chaosflow';",
      'export default experiment({',
      "  name: 'nightly',",
      `  namespace: '${namespace}',`,
      "  schedule: { cron: '0 3 * * *' },",
      "  target: target.deployment({ namespace: 'shop', labels: { app: 'cart' } }),",
      '  faults: [faults.podDelete()],',
      '});',
      '',
    ].join('\n');
    const cronRepo = new GitRepo();
    cronRepo.commit({ 'experiments/nightly.ts': scheduled });
    const cronCache = mkdtempSync(join(tmpdir(), 'chaosflow-sync-cron-'));
    const cronOptions = options({ source: { repo: cronRepo.dir, branch: 'main' }, cacheDir: cronCache });
    expect(actions(await sync(kubeSyncTarget(new ClusterClients(config)), cronOptions))).toEqual([
      `create CronWorkflow/${namespace}/nightly`,
    ]);
    expect(actions(await sync(kubeSyncTarget(new ClusterClients(config)), cronOptions))).toEqual([
      `unchanged CronWorkflow/${namespace}/nightly`,
    ]);
    cronRepo.commit({ 'experiments/nightly.ts': null });
    expect(actions(await sync(kubeSyncTarget(new ClusterClients(config)), cronOptions))).toEqual([
      `prune CronWorkflow/${namespace}/nightly`,
    ]);
    cronRepo.remove();
    rmSync(cronCache, { recursive: true, force: true });
  });

  it('creates, updates and prunes exactly what changed in git, and nothing on a second sync', async () => {
    repo.commit({
      'experiments/alpha.ts': experimentFile('alpha'),
      'experiments/beta.ts': experimentFile('beta'),
    });
    expect(actions(await sync(kubeSyncTarget(new ClusterClients(config)), options()))).toEqual([
      `create WorkflowTemplate/${namespace}/alpha`,
      `create WorkflowTemplate/${namespace}/beta`,
    ]);
    expect(await names()).toEqual(['alpha', 'beta']);
    expect(actions(await sync(kubeSyncTarget(new ClusterClients(config)), options()))).toEqual([
      `unchanged WorkflowTemplate/${namespace}/alpha`,
      `unchanged WorkflowTemplate/${namespace}/beta`,
    ]);
    const commit = repo.commit({
      'experiments/alpha.ts': experimentFile('alpha', '45s'),
      'experiments/beta.ts': null,
    });
    expect(actions(await sync(kubeSyncTarget(new ClusterClients(config)), options()))).toEqual([
      `update WorkflowTemplate/${namespace}/alpha`,
      `prune WorkflowTemplate/${namespace}/beta`,
    ]);
    const [alpha] = await templates();
    expect(await names()).toEqual(['alpha']);
    expect(alpha?.metadata.annotations).toMatchObject({
      'chaosflow.io/source-commit': commit,
      'chaosflow.io/source-file': 'experiments/alpha.ts',
    });
  });

  it('reverts an edit made through the API, and records it', async () => {
    await config.makeApiClient(CustomObjectsApi).patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        namespace,
        plural: 'workflowtemplates',
        name: 'alpha',
        body: [{ op: 'replace', path: '/spec/activeDeadlineSeconds', value: 5 }],
      },
      undefined,
    );
    expect(actions(await sync(kubeSyncTarget(new ClusterClients(config)), options()))).toEqual([
      `revert-drift WorkflowTemplate/${namespace}/alpha`,
    ]);
    const [alpha] = await templates();
    expect(
      (alpha as unknown as { spec: { activeDeadlineSeconds: number } }).spec.activeDeadlineSeconds,
    ).not.toBe(5);
    const events = await config.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
    expect(events.items.map((event) => event.reason)).toContain('DriftReverted');
  });

  it('reports a file that does not compile, syncs the others, and keeps its last good version', async () => {
    repo.commit({
      'experiments/alpha.ts': experimentFile('alpha', 'soon'),
      'experiments/gamma.ts': experimentFile('gamma'),
    });
    const report = await sync(kubeSyncTarget(new ClusterClients(config)), options());
    expect(report.files.map((file) => [file.file, file.ok])).toEqual([
      ['experiments/alpha.ts', false],
      ['experiments/gamma.ts', true],
    ]);
    const failed = report.files[0];
    expect(failed?.ok === false && failed.error).toContain(
      'tunables.totalChaosDuration: "soon" is not a duration',
    );
    expect(actions(report)).toEqual([
      `create WorkflowTemplate/${namespace}/gamma`,
      `keep WorkflowTemplate/${namespace}/alpha`,
    ]);
    expect(await names()).toEqual(['alpha', 'gamma']);
  });

  it('leaves the cluster untouched when the repository is unreachable', async () => {
    const before = await templates();
    await expect(
      sync(
        kubeSyncTarget(new ClusterClients(config)),
        options({ source: { repo: 'https://127.0.0.1:1/team/chaos.git', branch: 'main' } }),
      ),
    ).rejects.toThrow(/^cannot fetch branch "main" of https:\/\/127\.0\.0\.1:1\/team\/chaos\.git/);
    expect(await templates()).toEqual(before);
  });

  it('prints the plan with --dry-run and changes nothing', async () => {
    repo.commit({ 'experiments/alpha.ts': experimentFile('alpha', '50s'), 'experiments/gamma.ts': null });
    const before = await templates();
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = inject('kubeconfig');
    const run = await runCli('sync', repo.dir, '--dry-run', '--cache', cacheDir);
    process.env.KUBECONFIG = saved;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`update       WorkflowTemplate/${namespace}/alpha\n`);
    expect(run.stdout).toContain(`prune        WorkflowTemplate/${namespace}/gamma\n`);
    expect(run.stdout).toMatch(/would change 2 objects\n$/);
    expect(await templates()).toEqual(before);
  });
});
