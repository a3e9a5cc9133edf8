import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { versions } from '../env/versions.js';

const helm = join(inject('binDir'), 'helm');

// helm, built from its Go module for the chart's tests; not built against a user's cluster.
describe.skipIf(!existsSync(helm))('helm from the test control plane', () => {
  it('is the pinned version', () => {
    expect(execFileSync(helm, ['version', '--short'], { encoding: 'utf8' })).toMatch(
      new RegExp(`^v${versions.helm.replaceAll('.', '\\.')}`),
    );
  });
});
