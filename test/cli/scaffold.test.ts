import { execFile } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { VERSION } from '../../src/version.js';
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

/** Runs a command line as a user types it, in `cwd`; resolves with what it printed. */
function shell(command: string, cwd: string) {
  // npm may answer from its cache first (the packages chaosflow needs are there after its own install); the
  // commands themselves are exactly the ones printed.
  const env = {
    ...process.env,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  return run('sh', ['-c', command], { cwd, env, timeout: 240_000 });
}

describe('chaosflow init, followed as a newcomer would', () => {
  let project = '';
  let next = '';

  // Not a `workspace`: those are removed after each test, and the tests below share this project.
  const home = mkdtempSync(join(tmpdir(), 'chaosflow-init-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  beforeAll(async () => {
    project = join(home, 'shop-chaos');
    // The README's command, from this checkout; then what init prints, word for word.
    const init = await shell(`npx chaosflow init ${project} --app cart --namespace shop`, REPO);
    next = /^Next: (.+)$/m.exec(init.stdout)?.[1] ?? '';
    await shell(next, REPO);
  }, 300_000);

  it('prints the next step, and packs chaosflow into the project while the registry lacks this version', async () => {
    expect(next).toBe(`cd ${project} && npm install && npm run build`);
    expect(
      filesUnder(project).filter((file) => !file.startsWith('node_modules/') && !file.startsWith('dist/')),
    ).toEqual([
      '.gitignore',
      'README.md',
      'experiments/pod-delete.ts',
      'package-lock.json',
      'package.json',
      'tsconfig.json',
      `vendor/chaosflow-${VERSION}.tgz`,
    ]);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))).toMatchObject({
      name: 'shop-chaos',
      scripts: { build: 'chaosflow build experiments --out dist --rbac' },
      dependencies: { chaosflow: `file:vendor/chaosflow-${VERSION}.tgz` },
    });
    const { stdout: packed } = await run('tar', ['tzf', join(project, 'vendor', `chaosflow-${VERSION}.tgz`)]);
    const tops = new Set(
      packed
        .split('\n')
        .map((entry) => entry.split('/')[1])
        .filter(Boolean),
    );
    expect([...tops].sort()).toEqual(['README.md', 'bin', 'hub', 'lib', 'package.json', 'src', 'templates']);
    // A real install: the package and its own dependencies, not a link to this checkout.
    expect(lstatSync(join(project, 'node_modules', 'chaosflow')).isSymbolicLink()).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'chaosflow', 'lib', 'types', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'zod'))).toBe(true);
  });

  it('builds the example with npm run build, and type-checks', { timeout: 120_000 }, async () => {
    const objects = parseAllDocuments(
      readFileSync(join(project, 'dist', 'shop-chaos-pod-delete.yaml'), 'utf8'),
    ).map((document) => document.toJS());
    expect(objects[0]).toMatchObject({
      kind: 'WorkflowTemplate',
      metadata: { name: 'shop-chaos-pod-delete' },
    });
    expect(objects.map((object) => object.kind)).toContain('RoleBinding');
    expect(JSON.stringify(objects[0])).toContain('applabel: app=cart');
    await shell('npm run --silent typecheck', project);
  });

  it('tells the user to annotate workloads, as the trigger service reads them', () => {
    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    expect(readme).toContain('litmuschaos.io/chaos: "true"');
    expect(readme).toContain('litmuschaos.io/gitops: "true"');
    expect(readme).not.toMatch(/\blabel (its|the workload)/);
  });

  it('takes a custom fault with typed builders end to end: new fault, hub types, build, type-check', {
    timeout: 120_000,
  }, async () => {
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
    await shell('npm run --silent typecheck', project);
    const build = await shell('npx chaosflow build experiments --hub hub --out dist', project);
    expect(build.stderr).toContain('wrote dist/flush-cache.yaml (template, from experiments/flush.ts)');
    expect(build.stderr).toContain('note: skipped experiments/lib/hub-faults.ts: it exports no experiment');
    expect(readFileSync(join(project, 'dist', 'flush-cache.yaml'), 'utf8')).toContain(
      '- name: install-redis-flush',
    );
  });
});

describe('chaosflow init, refusing', () => {
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
