import { describe, expect, it } from 'vitest';
import { changeBetween, type Workload } from '../../src/trigger/change.js';

function deployment(
  generation: number,
  change: { image?: string; replicas?: number; env?: string } = {},
): Workload {
  return {
    metadata: { uid: 'u-1', generation },
    spec: {
      replicas: change.replicas ?? 2,
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: change.image ?? 'shop/cart:1.0',
              ...(change.env === undefined ? {} : { env: [{ name: 'MODE', value: change.env }] }),
            },
          ],
        },
      },
    },
  } as Workload;
}

describe('changeBetween', () => {
  it('sees no change when the generation did not move: status and metadata updates', () => {
    expect(changeBetween(deployment(3), deployment(3))).toBeUndefined();
    expect(changeBetween(deployment(3), deployment(3, { image: 'shop/cart:2.0' }))).toBeUndefined();
  });

  it('never goes backwards: an older version seen late is not a change', () => {
    expect(changeBetween(deployment(4, { image: 'shop/cart:2.0' }), deployment(3))).toBeUndefined();
  });

  it.each([
    ['a new image', { image: 'shop/cart:2.0' }, ['image']],
    ['a new replica count', { replicas: 5 }, ['replicas']],
    ['new configuration in the pod template', { env: 'fast' }, ['pod-template']],
    [
      'an image and configuration together',
      { image: 'shop/cart:2.0', env: 'fast' },
      ['image', 'pod-template'],
    ],
  ])('names %s, with the new generation as the revision', (_, change, kinds) => {
    expect(changeBetween(deployment(3), deployment(4, change))).toEqual({ kinds, revision: 4 });
  });

  it('calls any other spec change a spec change', () => {
    const paused = { ...deployment(4), spec: { ...deployment(4).spec, paused: true } } as Workload;
    expect(changeBetween(deployment(3), paused)).toEqual({ kinds: ['spec'], revision: 4 });
  });
});
