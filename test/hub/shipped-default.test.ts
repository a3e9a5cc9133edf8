import { describe, expect, it } from 'vitest';
import type { Tunable } from '../../src/hub/hub.js';
import { defaultValue, shippedDefault } from '../../src/hub/tunable-value.js';

const duration = (values: { default?: string; codeDefault?: string }): Tunable => ({
  env: 'TOTAL_CHAOS_DURATION',
  name: 'totalChaosDuration',
  type: 'duration',
  unit: 's',
  description: 'how long',
  ...values,
});

describe("a tunable's shipped default", () => {
  it("is the ChaosExperiment's value, else the one litmus-go's code falls back to", () => {
    expect(shippedDefault(duration({ default: '15', codeDefault: '30' }))).toBe('15');
    expect(shippedDefault(duration({ codeDefault: '30' }))).toBe('30');
    expect(defaultValue(duration({ codeDefault: '30' }))).toBe('30s');
  });

  it('is none when neither gives a value, or the value is empty', () => {
    expect(shippedDefault(duration({}))).toBeUndefined();
    expect(shippedDefault(duration({ codeDefault: '' }))).toBeUndefined();
    expect(defaultValue(duration({ codeDefault: '' }))).toBeUndefined();
  });
});
