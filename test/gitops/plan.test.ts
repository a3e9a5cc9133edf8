import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRepo, type FileResult } from '../../src/gitops/compile-repo.js';
import { planSync, SYNC_MARKS } from '../../src/gitops/plan.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { hub } from '../helpers.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repoDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-plan-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const experimentFile = (name: string, duration = '30s') =>
  [
    "import { experiment, faults, target } from 'chaosflow';",
    'export default experiment({',
    `  name: '${name}',`,
    "  target: target.deployment({ namespace: 'shop', labels: { app: 'cart' } }),",
    `  faults: [faults.podDelete({ tunables: { totalChaosDuration: '${duration}' } })],`,
    '});',
    '',
  ].join('\n');

const source = { repo: 'https://git.example.com/chaos.git', branch: 'main', commit: 'c1' };

async function compiled(files: Record<string, string>): Promise<FileResult[]> {
  return compileRepo(repoDir(files), { hub: hub() });
}

/** What the API server would hold after applying a plan's objects. */
function applied(results: readonly FileResult[]): KubeObject[] {
  return planSync(results, [], source, { prune: true }).map((action) => action.object);
}

const summary = (actions: ReturnType<typeof planSync>) =>
  actions.map((a) => `${a.action} ${a.object.metadata.name}`);

describe('compileRepo', () => {
  it('compiles each file on its own, reporting a broken one with its error', async () => {
    const results = await compiled({
      'experiments/a.ts': experimentFile('alpha'),
      'experiments/b.ts': experimentFile('beta', '30'),
      'experiments/lib/helpers.ts': 'export const x = 1;\n',
      'notes/c.ts': experimentFile('gamma'),
    });
    expect(results.map((result) => [result.file, result.ok])).toEqual([
      ['experiments/a.ts', true],
      ['experiments/b.ts', false],
      ['experiments/lib/helpers.ts', true],
    ]);
    const broken = results[1];
    expect(broken?.ok === false && broken.error).toContain(
      'tunables.totalChaosDuration: "30" is not a duration',
    );
  });
});

describe('compileRepo with a blast-radius policy', () => {
  it('refuses a file that breaks the policy like one that does not compile, and keeps the others', async () => {
    const results = await compileRepo(
      repoDir({
        'experiments/a.ts': experimentFile('alpha'),
        'experiments/b.ts': experimentFile('beta').replace("namespace: 'shop'", "namespace: 'payments'"),
      }),
      { hub: hub(), policy: { forbiddenNamespaces: ['payments'] } },
    );
    expect(results.map((result) => [result.file, result.ok])).toEqual([
      ['experiments/a.ts', true],
      ['experiments/b.ts', false],
    ]);
    const refused = results[1];
    expect(refused?.ok === false && refused.error).toContain(
      'target.namespace: namespace "payments" is forbidden by the policy (forbiddenNamespaces)',
    );
  });
});

describe('compileRepo, again on the same working copy', () => {
  it('reads files that changed since the last compile, and the helpers they import', async () => {
    const helper = (duration: string) => `export const duration = '${duration}' as const;\n`;
    const usesHelper = [
      "import { experiment, faults, target } from 'chaosflow';",
      "import { duration } from './lib/duration.js';",
      'export default experiment({',
      "  name: 'alpha',",
      "  target: target.deployment({ namespace: 'shop', labels: { app: 'cart' } }),",
      '  faults: [faults.podDelete({ tunables: { totalChaosDuration: duration } })],',
      '});',
      '',
    ].join('\n');
    const dir = repoDir({ 'experiments/a.ts': usesHelper, 'experiments/lib/duration.ts': helper('30s') });
    /** The duration the step's ChaosEngine sets (the last one in the text; the first is the hub default). */
    const engineEnv = async () => {
      const [result] = await compileRepo(dir, { hub: hub() });
      const text = JSON.stringify(result?.ok === true ? result.objects : []);
      return [...text.matchAll(/TOTAL_CHAOS_DURATION\\n +value: \\"(\d+)/g)].at(-1)?.[1];
    };
    expect(await engineEnv()).toBe('30');
    writeFileSync(join(dir, 'experiments/lib/duration.ts'), helper('45s'));
    expect(await engineEnv()).toBe('45');
  });
});

describe('planSync', () => {
  it('creates what is new, and changes nothing on a second sync with the same commit', async () => {
    const results = await compiled({ 'experiments/a.ts': experimentFile('alpha') });
    expect(summary(planSync(results, [], source, { prune: true }))).toEqual(['create alpha']);
    const again = planSync(results, applied(results), { ...source, commit: 'c2' }, { prune: true });
    expect(summary(again)).toEqual(['unchanged alpha']);
  });

  it('updates what git changed, prunes what left git, and keeps what it does not manage out of the plan', async () => {
    const before = await compiled({
      'experiments/a.ts': experimentFile('alpha'),
      'experiments/b.ts': experimentFile('beta'),
    });
    const after = await compiled({ 'experiments/a.ts': experimentFile('alpha', '45s') });
    const plan = planSync(after, applied(before), source, { prune: true });
    expect(summary(plan)).toEqual(['update alpha', 'prune beta']);
    expect(summary(planSync(after, applied(before), source, { prune: false }))).toEqual([
      'update alpha',
      'keep beta',
    ]);
  });

  it('reverts an edit made in the cluster', async () => {
    const results = await compiled({ 'experiments/a.ts': experimentFile('alpha') });
    const [live] = applied(results);
    if (live === undefined) throw new Error('nothing applied');
    const edited = {
      ...live,
      spec: { ...(live as unknown as { spec: object }).spec, activeDeadlineSeconds: 5 },
    } as KubeObject;
    expect(summary(planSync(results, [edited], source, { prune: true }))).toEqual(['revert-drift alpha']);
  });

  it('keeps the last good version of a template whose file no longer compiles', async () => {
    const good = await compiled({ 'experiments/a.ts': experimentFile('alpha') });
    const broken = await compiled({ 'experiments/a.ts': experimentFile('alpha', 'soon') });
    const plan = planSync(broken, applied(good), source, { prune: true });
    expect(plan).toEqual([
      expect.objectContaining({
        action: 'keep',
        reason: 'experiments/a.ts failed to compile; its last good version stays',
      }),
    ]);
    expect(plan[0]?.object.metadata.annotations?.[SYNC_MARKS.file]).toBe('experiments/a.ts');
  });
});
