import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/errors.js';
import { combineHubs, loadHubs } from '../../src/hub/combine.js';
import { BUILTIN_HUB_DIR, loadHub } from '../../src/hub/load.js';
import { CUSTOM_HUB_DIR, hub } from '../helpers.js';

describe('custom hubs', () => {
  it('add their faults to the built-in ones', () => {
    const combined = loadHubs([CUSTOM_HUB_DIR]);
    expect(combined.faults.size).toBe(hub().faults.size + 1);
    expect(combined.faults.get('redis-flush')).toMatchObject({ category: 'data', scope: 'Namespaced' });
    expect(combined.faults.get('pod-delete')).toBe(combined.faults.get('pod-delete'));
    expect(combined.name).toBe('litmus+custom-hub');
    expect(combined.litmusVersion).toBe('3.28.0');
  });

  it('can be used without the built-in hub', () => {
    expect([...loadHubs([CUSTOM_HUB_DIR], { builtin: false }).faults.keys()]).toEqual(['redis-flush']);
  });

  it('may not redefine a fault, and the error names both files', () => {
    const custom = loadHub(CUSTOM_HUB_DIR);
    let message = '';
    try {
      combineHubs(custom, loadHub(CUSTOM_HUB_DIR));
    } catch (error) {
      expect(error).toBeInstanceOf(HubError);
      message = (error as Error).message;
    }
    const file = relative(process.cwd(), join(CUSTOM_HUB_DIR, 'faults/data/redis-flush/fault.yaml'));
    expect(message).toBe(
      [
        'hubs define the same fault twice:',
        `  ✖ fault "redis-flush" in ${file} is already defined in ${file}`,
        '    → rename the custom fault (metadata.name, its directory and tunables.yaml fault:)',
      ].join('\n'),
    );
  });

  it('report a clash with the built-in hub for every fault at once', () => {
    expect(() => loadHubs([BUILTIN_HUB_DIR])).toThrow(/fault "pod-delete" in .* is already defined in/);
    try {
      loadHubs([BUILTIN_HUB_DIR]);
    } catch (error) {
      expect((error as Error).message.match(/✖/g)).toHaveLength(31);
    }
  });
});
