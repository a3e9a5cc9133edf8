import { describe, expectTypeOf, it } from 'vitest';
import type { DeepReadonly } from '../../src/dsl/deep-readonly.js';
import type { ExperimentProps } from '../../src/dsl/experiment.js';
import {
  type Duration,
  type FaultStep,
  faults,
  guard,
  type Percentage,
  type PodCpuHogTunables,
  type PodDeleteTunables,
  type PodNetworkLatencyTunables,
  parallel,
  probe,
  target,
  type Weight,
} from '../../src/index.js';
import type { ExperimentInput } from '../../src/model/experiment.js';

/**
 * Type-level contracts of the DSL. `npm test` runs `tsc`, which fails when an `expectTypeOf` does not hold
 * or a `@ts-expect-error` line stops being an error.
 */
describe('typed tunables', () => {
  it('types durations, numbers, booleans, enums and lists', () => {
    expectTypeOf<PodDeleteTunables['totalChaosDuration']>().toEqualTypeOf<Duration | undefined>();
    expectTypeOf<PodDeleteTunables['force']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<PodDeleteTunables['sequence']>().toEqualTypeOf<
      'parallel' | 'serial' | 'random' | undefined
    >();
    expectTypeOf<PodDeleteTunables['targetPods']>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<PodCpuHogTunables['cpuLoad']>().toEqualTypeOf<Percentage | undefined>();
    expectTypeOf<PodCpuHogTunables['cpuCores']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<PodNetworkLatencyTunables['networkLatency']>().toEqualTypeOf<Duration | undefined>();
  });

  it('returns steps typed by their fault', () => {
    expectTypeOf(faults.podDelete()).toEqualTypeOf<FaultStep<'pod-delete'>>();
    expectTypeOf(faults.podNetworkLatency).parameter(0).exclude<undefined>().toHaveProperty('tunables');
  });

  it('refuses unknown tunables and wrongly typed values at compile time', () => {
    // @ts-expect-error chaosIntervl is not a tunable of pod-delete
    faults.podDelete({ tunables: { chaosIntervl: '10s' } });
    // @ts-expect-error a duration needs a unit
    faults.podDelete({ tunables: { totalChaosDuration: '30' } });
    // @ts-expect-error a duration is a string, not a number
    faults.podDelete({ tunables: { totalChaosDuration: 30 } });
    // @ts-expect-error SEQUENCE is parallel, serial or random
    faults.podDelete({ tunables: { sequence: 'sideways' } });
    // @ts-expect-error force is a boolean
    faults.podDelete({ tunables: { force: 'false' } });
    // @ts-expect-error a percentage stops at 100
    faults.podCpuHog({ tunables: { cpuLoad: 150 } });
    // @ts-expect-error a percentage is a whole number
    faults.podDelete({ tunables: { podsAffectedPerc: 12.5 } });
    faults.podCpuHog({ tunables: { cpuLoad: 0 } });
    faults.podCpuHog({ tunables: { cpuLoad: 100 } });
    faults.podDelete({ tunables: { totalChaosDuration: '30s', chaosInterval: '10s', force: false } });
  });
});

describe('percentages', () => {
  it('are the whole numbers 0 to 100', () => {
    expectTypeOf<0>().toExtend<Percentage>();
    expectTypeOf<100>().toExtend<Percentage>();
    expectTypeOf<101>().not.toExtend<Percentage>();
    expectTypeOf<-1>().not.toExtend<Percentage>();
  });
});

describe('step options', () => {
  it('limits weights to 0..10', () => {
    expectTypeOf<Weight>().toEqualTypeOf<0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10>();
    // @ts-expect-error weights stop at 10
    faults.podDelete({ weight: 11 });
  });

  it('takes targets by labels or names, never both', () => {
    target.deployment({ namespace: 'a', labels: { app: 'x' } });
    target.statefulset({ namespace: 'a', names: ['db-0'] });
    // @ts-expect-error labels and names together
    target.deployment({ namespace: 'a', labels: { app: 'x' }, names: ['x'] });
  });

  it('groups only fault steps in parallel', () => {
    parallel(faults.podCpuHog(), faults.podMemoryHog());
    // @ts-expect-error a parallel group holds fault steps, not groups
    parallel(parallel(faults.podCpuHog()));
  });
});

describe('probes', () => {
  const runProperties = { probeTimeout: '5s', interval: '2s' } as const;
  const http = { name: 'a', mode: 'SOT', url: 'http://x', runProperties } as const;
  const cmd = { name: 'c', mode: 'EOT', command: 'x', runProperties } as const;
  const prom = { name: 'p', mode: 'Edge', endpoint: 'http://p', runProperties } as const;

  it('types modes, criteria and comparator values', () => {
    probe.http({ ...http, method: { get: { criteria: '==', responseCode: 200 } } });
    probe.http({ ...http, method: { get: { criteria: 'oneOf', responseCode: [200, 204] } } });
    // @ts-expect-error 'Sometimes' is not a probe mode
    probe.http({ ...http, mode: 'Sometimes', method: { get: { criteria: '==', responseCode: 200 } } });
    // @ts-expect-error oneOf takes a list of codes
    probe.http({ ...http, method: { get: { criteria: 'oneOf', responseCode: 200 } } });
    // @ts-expect-error an int comparator compares numbers
    probe.cmd({ ...cmd, comparator: { type: 'int', criteria: '>=', value: 'three' } });
    // @ts-expect-error a string comparator has no '>='
    probe.cmd({ ...cmd, comparator: { type: 'string', criteria: '>=', value: 'x' } });
    // @ts-expect-error a prom probe needs query or queryPath
    probe.prom({ ...prom, comparator: { criteria: '<', value: 1 } });
  });
});

describe('the DSL against the model', () => {
  it("takes exactly the model's experiment fields, each of a type the model accepts", () => {
    expectTypeOf<Exclude<keyof ExperimentProps, keyof ExperimentInput>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof ExperimentInput, keyof ExperimentProps>>().toEqualTypeOf<never>();
    expectTypeOf<ExperimentProps>().toExtend<DeepReadonly<ExperimentInput>>();
  });

  it("builds targets, faults and flows the model's input accepts", () => {
    expectTypeOf<ReturnType<typeof target.deployment>>().toExtend<DeepReadonly<ExperimentInput['target']>>();
    expectTypeOf<ReturnType<typeof parallel>>().toExtend<
      DeepReadonly<Extract<ExperimentInput['faults'], unknown[]>[number]>
    >();
  });
});

describe('abort conditions', () => {
  const endpoint = 'http://prometheus.monitoring:9090';

  it("builds conditions the model's input accepts", () => {
    expectTypeOf<ReturnType<typeof guard.prometheus>>().toExtend<
      DeepReadonly<NonNullable<ExperimentInput['abortWhen']>[number]>
    >();
  });

  it('takes exactly one threshold and durations for timing', () => {
    guard.prometheus({ name: 'errors', endpoint, query: 'up', above: 1, for: '30s' });
    guard.kubernetes({
      name: 'capacity',
      object: { kind: 'Deployment', namespace: 'app', name: 'web' },
      field: 'status.availableReplicas',
      below: 2,
    });
    // @ts-expect-error a threshold is above or below, not both
    guard.prometheus({ name: 'errors', endpoint, query: 'up', above: 1, below: 0 });
    // @ts-expect-error a condition needs a threshold
    guard.prometheus({ name: 'errors', endpoint, query: 'up' });
    // @ts-expect-error for is a duration
    guard.http({ name: 'health', url: 'http://web', for: 30 });
    // @ts-expect-error whenUnavailable is abort or continue
    guard.prometheus({ name: 'errors', endpoint, query: 'up', above: 1, whenUnavailable: 'retry' });
  });
});
