import { describe, expect, it } from 'vitest';
import { killSwitchHandlers } from '../../src/cluster/config-watch.js';

const configMap = (name: string, paused?: string) => ({
  metadata: { name },
  ...(paused === undefined ? {} : { data: { paused } }),
});

describe('the kill switch', () => {
  it('tells each change of state once, from events and from fresh lists alike', () => {
    const told: boolean[] = [];
    const handlers = killSwitchHandlers(
      'chaosflow-trigger',
      (paused) => told.push(paused),
      () => {},
    );
    handlers.listed?.([]);
    handlers.upserted?.(configMap('chaosflow-trigger', 'true'));
    handlers.listed?.([configMap('chaosflow-trigger', 'true')]);
    handlers.upserted?.(configMap('someone-else', 'false'));
    // Deleted while the watch was silent: the next fresh list no longer holds it, and triggers resume.
    handlers.listed?.([]);
    handlers.upserted?.(configMap('chaosflow-trigger', 'yes'));
    handlers.upserted?.(configMap('chaosflow-trigger', 'true'));
    handlers.deleted?.(configMap('chaosflow-trigger', 'true'));
    expect(told).toEqual([false, true, false, true, false]);
  });
});
