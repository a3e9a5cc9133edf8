import { describe, expect, it } from 'vitest';
import { optInOf } from '../../src/trigger/opt-in.js';

const gitops = { 'litmuschaos.io/gitops': 'true' };
const target = { 'litmuschaos.io/chaos': 'true' };

describe('optInOf', () => {
  it.each([
    ['no annotations', undefined],
    ['gitops off', { 'litmuschaos.io/gitops': 'false', 'litmuschaos.io/workflow': 'checkout', ...target }],
    ['gitops without an experiment id', { ...gitops, ...target }],
    ['an experiment id without gitops', { 'litmuschaos.io/experimentId': 'checkout', ...target }],
  ])('ignores a workload with %s', (_, annotations) => {
    expect(optInOf(annotations)).toEqual({ kind: 'not-annotated' });
  });

  it.each([
    ['the Litmus 2.x annotation', { 'litmuschaos.io/workflow': 'checkout' }],
    ['the Litmus 3.x annotation', { 'litmuschaos.io/experimentId': 'checkout' }],
    ['both, agreeing', { 'litmuschaos.io/workflow': 'checkout', 'litmuschaos.io/experimentId': 'checkout' }],
  ])('accepts %s with the chaos-target opt-in', (_, id) => {
    expect(optInOf({ ...gitops, ...target, ...id })).toEqual({ kind: 'opted-in', experimentId: 'checkout' });
  });

  it('refuses a workload that did not also opt in as a chaos target, saying how to', () => {
    expect(optInOf({ ...gitops, 'litmuschaos.io/workflow': 'checkout' })).toEqual({
      kind: 'refused',
      experimentId: 'checkout',
      reason: 'the workload is not opted in as a chaos target; annotate it litmuschaos.io/chaos: "true"',
    });
    expect(
      optInOf(
        { ...gitops, ...target, 'litmuschaos.io/workflow': 'checkout' },
        { targetAnnotation: 'team/chaos' },
      ),
    ).toMatchObject({ kind: 'refused', reason: expect.stringContaining('annotate it team/chaos: "true"') });
  });

  it('refuses conflicting or malformed experiment ids', () => {
    expect(
      optInOf({ ...gitops, ...target, 'litmuschaos.io/workflow': 'a', 'litmuschaos.io/experimentId': 'b' }),
    ).toEqual({
      kind: 'refused',
      reason:
        'litmuschaos.io/workflow "a" and litmuschaos.io/experimentId "b" name different experiments; keep one',
    });
    expect(optInOf({ ...gitops, ...target, 'litmuschaos.io/workflow': 'Check Out' })).toEqual({
      kind: 'refused',
      experimentId: 'Check Out',
      reason: '"Check Out" is not an experiment id (a DNS label)',
    });
  });
});
