import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/trigger/keyed-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedQueue', () => {
  it('runs one key in order and different keys side by side, at most limit at once', async () => {
    const queue = new KeyedQueue(2);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
    };
    await Promise.all([
      queue.run('a', job('a1')),
      queue.run('a', job('a2')),
      queue.run('b', job('b1')),
      queue.run('c', job('c1')),
    ]);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(most).toBe(2);
  });

  it('keeps going after a failure and hands the error to the caller', async () => {
    const queue = new KeyedQueue(1);
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 'after');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('after');
    await queue.idle();
  });
});
