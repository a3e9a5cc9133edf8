import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli, workspace } from './run-cli.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * What `npm install` does for the project's dependencies, done with links to this checkout, so the test needs
 * no registry: chaosflow itself (a `file:` dependency is a symlink) and its bin, TypeScript and Node's types.
 */
function installFromCheckout(project: string): void {
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  mkdirSync(join(modules, '@types'));
  symlinkSync(REPO, join(modules, 'chaosflow'));
  symlinkSync(join(REPO, 'bin', 'chaosflow.js'), join(modules, '.bin', 'chaosflow'));
  symlinkSync(join(REPO, 'node_modules', 'typescript'), join(modules, 'typescript'));
  symlinkSync(join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), join(modules, '.bin', 'tsc'));
  symlinkSync(join(REPO, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'));
}

describe('chaosflow init', () => {
  it('creates a project that builds with one command and type-checks', { timeout: 120_000 }, async () => {
    const project = join(workspace({}), 'shop-chaos');
    const init = await runCli(
      'init',
      project,
      '--app',
      'cart',
      '--namespace',
      'shop',
      '--chaosflow',
      `file:${REPO}`,
    );
    expect(init.code).toBe(0);
    expect(filesUnder(project)).toEqual([
      '.gitignore',
      'README.md',
      'experiments/pod-delete.ts',
      'package.json',
      'tsconfig.json',
    ]);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))).toMatchObject({
      name: 'shop-chaos',
      scripts: { build: 'chaosflow build experiments --out dist --rbac' },
      dependencies: { chaosflow: `file:${REPO}` },
    });
    installFromCheckout(project);

    const build = await run('npm', ['run', '--silent', 'build'], { cwd: project });
    expect(build.stderr).toContain(
      'wrote dist/shop-chaos-pod-delete.yaml (template, from experiments/pod-delete.ts)',
    );
    const objects = parseAllDocuments(
      readFileSync(join(project, 'dist', 'shop-chaos-pod-delete.yaml'), 'utf8'),
    ).map((document) => document.toJS());
    expect(objects[0]).toMatchObject({
      kind: 'WorkflowTemplate',
      metadata: { name: 'shop-chaos-pod-delete' },
    });
    expect(objects.map((object) => object.kind)).toContain('RoleBinding');
    expect(JSON.stringify(objects[0])).toContain('applabel: app=cart');

    await run('npm', ['run', '--silent', 'typecheck'], { cwd: project });
  });

  it('takes a custom fault with typed builders end to end: new fault, hub types, build, type-check', {
    timeout: 120_000,
  }, async () => {
    const project = join(workspace({}), 'cache-chaos');
    expect((await runCli('init', project, '--chaosflow', `file:${REPO}`)).code).toBe(0);
    installFromCheckout(project);
    const hubDir = join(project, 'hub');
    expect((await runCli('new', 'fault', 'redis-flush', '--hub', hubDir)).code).toBe(0);
    const builders = join(project, 'experiments', 'lib', 'hub-faults.ts');
    const types = await runCli('hub', 'types', '--hub', hubDir, '--out', builders);
    expect(types.code).toBe(0);
    expect(readFileSync(builders, 'utf8')).toContain(
      "export function redisFlush(options: FaultOptions<RedisFlushTunables> = {}): FaultStep<'redis-flush'> {",
    );
    writeFileSync(
      join(project, 'experiments', 'flush.ts'),
      [
        "import { experiment, target } from 'chaosflow';",
        "import { hubFaults } from './lib/hub-faults.js';",
        '',
        'export default experiment({',
        "  name: 'flush-cache',",
        "  target: target.statefulset({ namespace: 'cache', labels: { app: 'redis' } }),",
        "  faults: [hubFaults.redisFlush({ tunables: { totalChaosDuration: '30s', podsAffectedPerc: 50 } })],",
        '});',
        '',
        '// @ts-expect-error a misspelt tunable is a type error',
        "hubFaults.redisFlush({ tunables: { totalChaosDuraton: '30s' } });",
        '',
      ].join('\n'),
    );
    await run('npm', ['run', '--silent', 'typecheck'], { cwd: project });
    const build = await run('npx', ['chaosflow', 'build', 'experiments', '--hub', 'hub', '--out', 'dist'], {
      cwd: project,
    });
    expect(build.stderr).toContain('wrote dist/flush-cache.yaml (template, from experiments/flush.ts)');
    expect(build.stderr).toContain('note: skipped experiments/lib/hub-faults.ts: it exports no experiment');
    expect(readFileSync(join(project, 'dist', 'flush-cache.yaml'), 'utf8')).toContain(
      '- name: install-redis-flush',
    );
  });

  it('refuses to overwrite anything, and writes nothing then', async () => {
    const dir = workspace({ 'README.md': '# mine\n' });
    const init = await runCli('init', dir, '--name', 'mine');
    expect(init.code).toBe(1);
    expect(init.stderr).toBe(
      `error: refusing to overwrite a file:\n  ${join(dir, 'README.md')}\n  → choose another directory or name, or move those files away\n`,
    );
    expect(filesUnder(dir)).toEqual(['README.md']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# mine\n');
  });

  it('refuses a name that cannot become a Kubernetes name', async () => {
    const dir = join(workspace({}), 'Shop_Chaos');
    const init = await runCli('init', dir);
    expect(init.code).toBe(1);
    expect(init.stderr).toBe(
      `error: project name "Shop_Chaos" is not a valid name\n  → use at most 52 lower-case letters, digits and '-', starting and ending with a letter or digit (--name)\n`,
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe('chaosflow new fault', () => {
  it('adds a typed fault to a new custom hub, which experiments can then use', async () => {
    const dir = workspace({});
    const hubDir = join(dir, 'hub');
    const created = await runCli(
      'new',
      'fault',
      'redis-flush',
      '--hub',
      hubDir,
      '--summary',
      'Flushes Redis.',
    );
    expect(created.code).toBe(0);
    expect(filesUnder(hubDir)).toEqual([
      'faults/custom/redis-flush/fault.yaml',
      'faults/custom/redis-flush/tunables.yaml',
      'hub.yaml',
    ]);
    const experiment = join(dir, 'flush.ts');
    writeFileSync(
      experiment,
      [
        "import { experiment, fault, target } from 'chaosflow';",
        'export default experiment({',
        "  name: 'flush-cache',",
        "  target: target.statefulset({ namespace: 'cache', labels: { app: 'redis' } }),",
        "  faults: [fault('redis-flush', { tunables: { totalChaosDuration: '30s', podsAffectedPerc: 50 } })],",
        '});',
        '',
      ].join('\n'),
    );
    const build = await runCli('build', experiment, '--hub', hubDir);
    expect(build.code).toBe(0);
    expect(build.stdout).toContain('- name: install-redis-flush');
    const withoutHub = await runCli('build', experiment);
    expect(withoutHub.code).toBe(1);
    expect(withoutHub.stderr).toContain('unknown fault "redis-flush"');
  });

  it('adds a second fault to an existing hub without touching hub.yaml', async () => {
    const hubDir = join(workspace({}), 'hub');
    await runCli('new', 'fault', 'redis-flush', '--hub', hubDir);
    const hubYaml = readFileSync(join(hubDir, 'hub.yaml'), 'utf8');
    const second = await runCli('new', 'fault', 'kafka-lag', '--hub', hubDir, '--category', 'data');
    expect(second.code).toBe(0);
    expect(filesUnder(hubDir)).toContain('faults/data/kafka-lag/tunables.yaml');
    expect(readFileSync(join(hubDir, 'hub.yaml'), 'utf8')).toBe(hubYaml);
  });

  it('refuses the name of a built-in fault or one the hub has, writing nothing', async () => {
    const hubDir = join(workspace({}), 'hub');
    const builtin = await runCli('new', 'fault', 'pod-delete', '--hub', hubDir);
    expect(builtin.code).toBe(1);
    expect(builtin.stderr).toBe(
      'error: "pod-delete" is a built-in fault\n  → give the new fault another name, e.g. "pod-delete-v2"\n',
    );
    expect(existsSync(hubDir)).toBe(false);
    await runCli('new', 'fault', 'redis-flush', '--hub', hubDir);
    const again = await runCli('new', 'fault', 'redis-flush', '--hub', hubDir, '--category', 'other');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('"redis-flush" is already in');
    expect(existsSync(join(hubDir, 'faults', 'other'))).toBe(false);
  });

  it('refuses an image that is not an image reference', async () => {
    const hubDir = join(workspace({}), 'hub');
    const bad = await runCli(
      'new',
      'fault',
      'redis-flush',
      '--hub',
      hubDir,
      '--image',
      'https://example.com/x',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'error: "https://example.com/x" is not an image reference\n  → pass --image registry.example.com/team/my-fault:1.0.0\n',
    );
    expect(existsSync(hubDir)).toBe(false);
  });
});
