import { type ExperimentProps, experiment, faults, parallel, target } from '../../src/index.js';

/** A small valid experiment, with overrides. */
export function sample(overrides: Partial<ExperimentProps> = {}) {
  return experiment({
    name: 'sample',
    target: target.deployment({ namespace: 'app', labels: { app: 'web' } }),
    faults: [
      faults.podDelete(),
      parallel(faults.podCpuHog({ weight: 4 }), faults.podMemoryHog({ weight: 0 })),
    ],
    ...overrides,
  });
}
