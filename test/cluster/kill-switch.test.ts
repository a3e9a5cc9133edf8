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
      (state) => told.push(state.paused),
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

  it('says emergency stop, with its reason, over a pause, and turns it off when the key goes', () => {
    const told: string[] = [];
    const handlers = killSwitchHandlers(
      'chaosflow-trigger',
      (state) => told.push(`${state.paused} ${state.emergencyStop?.reason ?? '-'}`),
      () => {},
    );
    const withData = (data: Record<string, string>) => ({ metadata: { name: 'chaosflow-trigger' }, data });
    handlers.listed?.([withData({ paused: 'false' })]);
    handlers.upserted?.(withData({ stop: 'true', stopReason: 'checkout is down' }));
    handlers.upserted?.(withData({ stop: 'true', stopReason: 'checkout is down', paused: 'false' }));
    handlers.upserted?.(withData({ stop: 'true' }));
    handlers.upserted?.(withData({ stop: 'false', paused: 'true' }));
    handlers.deleted?.(withData({}));
    expect(told).toEqual(['false -', 'true checkout is down', 'true no reason given', 'true -', 'false -']);
  });
});
