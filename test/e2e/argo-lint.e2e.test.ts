import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const examplesDir = fileURLToPath(new URL('../../examples', import.meta.url));
const goldens = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => join(examplesDir, file));
const argo = join(inject('binDir'), 'argo');

function lint(...files: string[]): { code: number; output: string } {
  try {
    return {
      code: 0,
      output: execFileSync(argo, ['lint', '--offline', '--no-color', ...files], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    };
  } catch (error) {
    const failure = error as { status: number; stdout?: string; stderr?: string };
    return { code: failure.status, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

// Argo's own `argo lint --offline` (strict), built from Argo's Go module; not available against a
// user's cluster, where nothing is built.
describe.skipIf(!existsSync(argo))('argo lint --offline', () => {
  it('passes every example', () => {
    const result = lint(...goldens);
    expect(result.output).not.toContain('✖');
    expect(result.code).toBe(0);
  });

  it('fails a deliberately broken one, naming the problem', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'chaosflow-lint-')), 'broken.yaml');
    const golden = readFileSync(join(examplesDir, 'nginx-pod-delete.yaml'), 'utf8');
    writeFileSync(broken, golden.replace('template: chaos-verdict', 'template: chaos-verdicts'));
    const result = lint(broken);
    expect(result.code).toBe(1);
    expect(result.output).toContain("template name 'chaos-verdicts' undefined");
  });
});
