import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHub } from '../../src/hub/load.js';

/** What Litmus 3.28.0 uses for each env var of each fault when a user sets nothing, from its own sources. */
const shipped = JSON.parse(
  readFileSync(new URL('./fixtures/litmus-3.28.0-defaults.json', import.meta.url), 'utf8'),
) as { faults: Record<string, Record<string, string>> };

const hub = loadHub();

describe('the built-in hub matches the defaults Litmus 3.28.0 ships', () => {
  it('has every fault of the record and no other', () => {
    expect([...hub.faults.keys()].sort()).toEqual(Object.keys(shipped.faults).sort());
  });

  describe.each(Object.entries(shipped.faults))('%s', (faultName, defaults) => {
    const fault = hub.faults.get(faultName);

    it('types exactly the env vars Litmus reads', () => {
      expect(fault?.tunables.map((tunable) => tunable.env).sort()).toEqual(Object.keys(defaults).sort());
    });

    it.each(Object.entries(defaults))('%s defaults to "%s"', (env, value) => {
      const tunable = fault?.tunables.find((candidate) => candidate.env === env);
      expect(tunable?.default ?? tunable?.codeDefault ?? '').toBe(value);
    });
  });
});
