import { describe, expect, it } from 'vitest';
import { litmusAffected, litmusPercentage } from '../../src/plan/litmus-selection.js';

describe('litmusAffected: litmus-go’s max(1, ⌊min(p, 100) × n / 100⌋)', () => {
  it.each([
    [50, 4, 2],
    [50, 3, 1],
    [100, 3, 3],
    [150, 3, 3],
    [0, 5, 1],
    [10, 5, 1],
    [34, 3, 1],
    [67, 3, 2],
    [50, 0, 0],
  ])('%i%% of %i pods → %i', (percentage, total, affected) => {
    expect(litmusAffected(percentage, total)).toBe(affected);
  });
});

describe('litmusPercentage', () => {
  it.each([
    ['50', 50],
    ['', 0],
    [undefined, 0],
    ['abc', 0],
    [' 25 ', 25],
  ])('%j → %i', (value, percentage) => {
    expect(litmusPercentage(value)).toBe(percentage);
  });
});
