import { experiment, faults, parallel, target } from 'chaosflow';

/** CPU and memory pressure on the checkout service at the same time. */
export default experiment({
  name: 'checkout-parallel-stress',
  title: 'Checkout under CPU and memory pressure',
  target: target.deployment({ namespace: 'shop', labels: { app: 'checkout' } }),
  faults: [
    parallel(
      faults.podCpuHog({ tunables: { totalChaosDuration: '2m', cpuCores: 2, cpuLoad: 80 } }),
      faults.podMemoryHog({
        tunables: { totalChaosDuration: '2m', memoryConsumption: 256, numberOfWorkers: 2 },
      }),
    ),
  ],
});
