import type { KubernetesObject } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CachingInformer, ResyncedInformer } from '../../src/cluster/informer.js';

type Verb = 'add' | 'update' | 'delete' | 'error';

/** An informer as client-node's ListWatch behaves: a failed list is reported as an error, and start resolves. */
class FakeInformer implements CachingInformer<KubernetesObject> {
  readonly callbacks = new Map<Verb, ((value: never) => void)[]>();
  objects: KubernetesObject[] = [];
  listFails = false;
  starts = 0;
  stopped = false;

  on(verb: string, fn: (value: never) => void): void {
    this.callbacks.set(verb as Verb, [...(this.callbacks.get(verb as Verb) ?? []), fn]);
  }
  off(verb: string, fn: (value: never) => void): void {
    this.callbacks.set(
      verb as Verb,
      (this.callbacks.get(verb as Verb) ?? []).filter((cb) => cb !== fn),
    );
  }
  emit(verb: Verb, value: unknown): void {
    for (const callback of this.callbacks.get(verb) ?? []) callback(value as never);
  }
  async start(): Promise<void> {
    this.starts += 1;
    if (this.listFails) this.emit('error', new Error('list failed'));
    else for (const object of this.objects) this.emit('add', object);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  get(): KubernetesObject | undefined {
    return undefined;
  }
  list(): readonly KubernetesObject[] {
    return this.listFails ? [] : this.objects;
  }
}

const object = (name: string): KubernetesObject => ({ metadata: { name } });

function harness() {
  const made: FakeInformer[] = [];
  const seen: string[] = [];
  const informer = new ResyncedInformer(
    () => {
      const fake = new FakeInformer();
      fake.objects = [object('a')];
      made.push(fake);
      return fake;
    },
    {
      upserted: (o) => seen.push(`upserted ${o.metadata?.name}`),
      deleted: (o) => seen.push(`deleted ${o.metadata?.name}`),
      listed: (objects) => seen.push(`listed ${objects.map((o) => o.metadata?.name).join(',')}`),
      restarting: (error, delayMs) => seen.push(`restarting ${String(error)} in ${delayMs}`),
    },
  );
  return { informer, made, seen };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ResyncedInformer', () => {
  it('lists, then forwards every event', async () => {
    const { informer, made, seen } = harness();
    await informer.start();
    made[0]?.emit('update', object('a'));
    made[0]?.emit('delete', object('a'));
    expect(seen).toEqual(['upserted a', 'listed a', 'upserted a', 'deleted a']);
  });

  it('restarts a failed informer with a backoff that doubles, and resets once objects arrive', async () => {
    const { informer, made, seen } = harness();
    await informer.start();
    const fake = made[0] as FakeInformer;
    // The restarts deliver nothing, as a watch that resumes where it was.
    fake.objects = [];
    fake.emit('error', 'e1');
    await vi.advanceTimersByTimeAsync(500);
    fake.emit('error', 'e2');
    await vi.advanceTimersByTimeAsync(1000);
    fake.emit('update', object('a'));
    fake.emit('error', 'e3');
    expect(seen.filter((line) => line.startsWith('restarting'))).toEqual([
      'restarting e1 in 500',
      'restarting e2 in 1000',
      'restarting e3 in 500',
    ]);
    expect(fake.starts).toBe(3);
  });

  it('hands over no list after a failed one: an empty cache says nothing about the cluster', async () => {
    const { informer, made, seen } = harness();
    await informer.start();
    const fake = made[0] as FakeInformer;
    fake.listFails = true;
    fake.emit('error', 'watch closed');
    await vi.advanceTimersByTimeAsync(500);
    expect(seen.filter((line) => line.startsWith('listed'))).toEqual(['listed a']);
    fake.listFails = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.filter((line) => line.startsWith('listed'))).toEqual(['listed a', 'listed a']);
  });

  it('replaces the informer on resync, and hears nothing more from the one it retired', async () => {
    const { informer, made, seen } = harness();
    await informer.start();
    await informer.resync();
    expect(made).toHaveLength(2);
    expect(made[0]?.stopped).toBe(true);
    made[0]?.emit('delete', object('a'));
    made[0]?.emit('error', 'late');
    expect(seen).toEqual(['upserted a', 'listed a', 'upserted a', 'listed a']);
  });

  it('once stopped, neither restarts nor keeps a timer waiting', async () => {
    const { informer, made, seen } = harness();
    await informer.start();
    const fake = made[0] as FakeInformer;
    fake.emit('error', 'before stop');
    await informer.stop();
    fake.emit('error', 'the abort of stopping');
    expect(vi.getTimerCount()).toBe(0);
    await informer.resync();
    expect(made).toHaveLength(1);
    expect(seen.filter((line) => line.startsWith('restarting'))).toEqual(['restarting before stop in 500']);
  });
});
