import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../src/compile/compile.js';
import { toYaml } from '../src/k8s/yaml.js';
import { EXAMPLES_DIR, exampleFiles, hub } from './helpers.js';

/**
 * Every example's compiled YAML, byte for byte, against the golden `<name>.yaml` beside it. Goldens are
 * rewritten only with UPDATE_GOLDEN=1, never in CI; a changed golden is reviewed like code.
 */
const examples = exampleFiles();
const regenerate = process.env.UPDATE_GOLDEN === '1';

describe('golden examples', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it('is never regenerated in CI', () => {
    expect(regenerate && process.env.CI === 'true').toBe(false);
  });

  for (const file of examples) {
    it(`${file} compiles to its golden YAML`, async () => {
      const module = (await import(join(EXAMPLES_DIR, file))) as { default: unknown };
      const yaml = toYaml(compileExperiment(module.default, { hub: hub() }).objects);
      const golden = join(EXAMPLES_DIR, `${basename(file, '.ts')}.yaml`);
      if (regenerate) writeFileSync(golden, yaml);
      expect(existsSync(golden), `missing ${golden}; run UPDATE_GOLDEN=1 npm run test:unit`).toBe(true);
      expect(yaml).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
