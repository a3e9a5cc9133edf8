import { describe, expect, it } from 'vitest';
import { type EventTrackerPolicy, eventTrackerPolicySchema, policyPasses } from '../../src/trigger/policy.js';

type Conditions = EventTrackerPolicy['spec']['conditions'];

function policy(conditionType: 'and' | 'or', conditions: Conditions): EventTrackerPolicy {
  return eventTrackerPolicySchema.parse({
    apiVersion: 'eventtracker.litmuschaos.io/v1',
    kind: 'EventTrackerPolicy',
    metadata: { name: 'p', namespace: 'litmus' },
    spec: { condition_type: conditionType, conditions },
  });
}

function deployment(replicas: number, image = 'shop/cart:1.0') {
  return { spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } } } };
}

describe('policyPasses', () => {
  it('compares numbers as numbers, where Litmus compares strings ("10" < "9")', () => {
    const atLeastNine = policy('and', [{ key: 'spec.replicas', value: '9', operator: 'GreaterThanEqualTo' }]);
    expect(policyPasses(atLeastNine, deployment(2), deployment(10))).toBe(true);
    expect(policyPasses(atLeastNine, deployment(10), deployment(8))).toBe(false);
    const equalToTen = policy('and', [{ key: 'spec.replicas', value: '10.0', operator: 'EqualTo' }]);
    expect(policyPasses(equalToTen, deployment(2), deployment(10))).toBe(true);
  });

  it('counts only conditions whose value changed in this update', () => {
    const replicasIsTwo = policy('and', [{ key: 'spec.replicas', value: '2', operator: 'EqualTo' }]);
    expect(policyPasses(replicasIsTwo, deployment(2, 'a:1'), deployment(2, 'a:2'))).toBe(false);
  });

  it('fires on Change of a JMESPath value, such as an image', () => {
    const imageChanged = policy('or', [
      { key: 'spec.template.spec.containers[0].image', operator: 'Change' },
    ]);
    expect(policyPasses(imageChanged, deployment(2, 'a:1'), deployment(2, 'a:2'))).toBe(true);
    expect(policyPasses(imageChanged, deployment(2, 'a:1'), deployment(3, 'a:1'))).toBe(false);
  });

  it('needs every changed condition for and, any for or', () => {
    const conditions: Conditions = [
      { key: 'spec.replicas', value: '5', operator: 'GreaterThan' },
      { key: 'spec.template.spec.containers[0].image', value: 'a:2', operator: 'EqualTo' },
    ];
    const both = [deployment(2, 'a:1'), deployment(3, 'a:2')] as const;
    expect(policyPasses(policy('and', conditions), ...both)).toBe(false);
    expect(policyPasses(policy('or', conditions), ...both)).toBe(true);
  });

  it('never holds an ordering on something that is not a number', () => {
    const older = policy('or', [
      { key: 'spec.template.spec.containers[0].image', value: '5', operator: 'LessThan' },
    ]);
    expect(policyPasses(older, deployment(2, 'a:1'), deployment(2, 'a:2'))).toBe(false);
  });
});

describe('EventTrackerPolicy validation', () => {
  it('refuses a condition_type Litmus would silently never fire on, an unknown operator and a bad key', () => {
    const result = eventTrackerPolicySchema.safeParse({
      apiVersion: 'eventtracker.litmuschaos.io/v1',
      kind: 'EventTrackerPolicy',
      metadata: { name: 'p' },
      spec: { condition_type: 'AND', conditions: [{ key: 'spec..replicas', operator: 'Bigger' }] },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'spec.condition_type',
      'spec.conditions.0.key',
      'spec.conditions.0.operator',
    ]);
  });
});
