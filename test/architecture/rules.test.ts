import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The architecture's rules (.dependency-cruiser.cjs) run on the real sources, and each is shown to fire on a
// small project that breaks it, so a rule that silently stopped matching would fail here.

const root = fileURLToPath(new URL('../..', import.meta.url));
const { options, ...ruleSet } = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));

/** The violations dependency-cruiser finds under `src/` of `dir`, as `rule: from → to`. */
async function violations(dir: string, tsConfig?: { fileName: string }): Promise<string[]> {
  const result = await cruise(['src'], { ...options, baseDir: dir, tsConfig, ruleSet, validate: true });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser gave text, not a result');
  return result.output.summary.violations.map(
    (violation: IViolation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`,
  );
}

/** A project of `files` (path → source) beside this repository's node_modules. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-architecture-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const leaf = 'export const x = 1;\n';
const importing = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
const kubeClient =
  "import { KubeConfig } from '@kubernetes/client-node';\nexport const y = new KubeConfig();\n";

describe('the architecture rules', () => {
  it('hold for the sources', async () => {
    expect(await violations(root, { fileName: 'tsconfig.json' })).toEqual([]);
  }, 60_000);

  it.each([
    ['core-is-pure', { 'src/compile/a.ts': importing('../gitops/b.js'), 'src/gitops/b.ts': leaf }],
    ['core-has-no-cluster-client', { 'src/k8s/a.ts': kubeClient }],
    ['only-cluster-calls-the-api-server', { 'src/load/a.ts': kubeClient }],
    [
      'decisions-have-no-process-concerns',
      { 'src/trigger/a.ts': importing('../serve/b.js'), 'src/serve/b.ts': leaf },
    ],
    [
      'decisions-reach-the-cluster-through-ports',
      { 'src/gitops/a.ts': importing('../cluster/b.js'), 'src/cluster/b.ts': leaf },
    ],
    ['cli-is-an-entry-point', { 'src/serve/a.ts': importing('../cli/b.js'), 'src/cli/b.ts': leaf }],
    [
      'serve-is-composed-by-the-cli-only',
      { 'src/gitops/a.ts': importing('../serve/b.js'), 'src/serve/b.ts': leaf },
    ],
    ['no-cycles', { 'src/trigger/a.ts': importing('./b.js'), 'src/trigger/b.ts': importing('./a.js') }],
    ['resolvable', { 'src/compile/a.ts': importing('./missing.js') }],
    [
      'no-dev-dependencies-at-run-time',
      {
        'package.json': JSON.stringify({ name: 'p', type: 'module', devDependencies: { yaml: '*' } }),
        'src/compile/a.ts': "import { parse } from 'yaml';\nexport const y = parse;\n",
      },
    ],
  ])('%s fires on an import that breaks it', async (rule, files) => {
    const found = await violations(project(files));
    expect(found.filter((line) => line.startsWith(`${rule}:`))).not.toEqual([]);
  });

  it('lets the core use the cluster client for its types', async () => {
    const typeOnly =
      "import type { KubeConfig } from '@kubernetes/client-node';\nexport type Y = KubeConfig;\n";
    expect(await violations(project({ 'src/k8s/a.ts': typeOnly }))).toEqual([]);
  });
});
