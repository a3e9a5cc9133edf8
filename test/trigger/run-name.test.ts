import { describe, expect, it } from 'vitest';
import { runName } from '../../src/trigger/run-name.js';

const key = {
  subject: '6f1c2d3e-0000-4000-8000-000000000001',
  revision: '7',
  experimentId: 'checkout-gameday',
};

describe('runName', () => {
  it('is the experiment id and a hash of the key, the same every time', () => {
    expect(runName(key)).toMatch(/^checkout-gameday-[0-9a-f]{10}$/);
    expect(runName({ ...key })).toBe(runName(key));
  });

  it('differs for another revision, workload or experiment', () => {
    const names = new Set([
      runName(key),
      runName({ ...key, revision: '8' }),
      runName({ ...key, subject: '6f1c2d3e-0000-4000-8000-000000000002' }),
      runName({ ...key, experimentId: 'checkout-gameday-2' }),
    ]);
    expect(names.size).toBe(4);
  });

  it('stays a DNS label for the longest experiment id', () => {
    const name = runName({ ...key, experimentId: `${'a'.repeat(51)}-${'b'.repeat(11)}` });
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
