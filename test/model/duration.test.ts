import { describe, expect, it } from 'vitest';
import { durationIn, isDuration, parseDuration, secondsIn } from '../../src/model/duration.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['0s', 0],
  ])('parses %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['30', '1.5h', '2 minutes', '-1s', '1h30m', 's', '30S', ' 30s', ''])('refuses %j', (text) => {
    expect(isDuration(text)).toBe(false);
  });

  it('converts to the unit Litmus reads, refusing what would lose precision', () => {
    expect(durationIn('2m', 's')).toBe(120);
    expect(durationIn('2s', 'ms')).toBe(2000);
    expect(durationIn('1500ms', 's')).toBeUndefined();
    expect(durationIn('nope', 's')).toBeUndefined();
  });

  it('rounds up to whole seconds for Argo fields', () => {
    expect(secondsIn('1500ms')).toBe(2);
    expect(secondsIn('1h')).toBe(3600);
  });
});
