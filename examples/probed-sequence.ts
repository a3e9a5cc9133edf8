import { experiment, faults, probe, sequence, target } from 'chaosflow';

const frontendAnswers = probe.http({
  name: 'frontend-answers',
  mode: 'Continuous',
  url: 'http://frontend.shop.svc.cluster.local/healthz',
  method: { get: { criteria: '==', responseCode: 200 } },
  runProperties: { probeTimeout: '2s', interval: '5s', attempt: 3, probePollingInterval: '2s' },
});

const ordersDrained = probe.cmd({
  name: 'orders-queue-drained',
  mode: 'EOT',
  command: 'curl -s http://orders.shop.svc.cluster.local/metrics/queue-depth',
  comparator: { type: 'int', criteria: '<=', value: 10 },
  source: { image: 'curlimages/curl:8.10.1' },
  runProperties: { probeTimeout: '10s', interval: '5s', attempt: 2 },
});

/** Kill frontend pods, then slow the orders service down; both must keep their probes green. */
export default experiment({
  name: 'frontend-resilience',
  title: 'Frontend resilience',
  description: 'Pod loss on the frontend, then 300 ms of network latency on orders.',
  faults: sequence(
    faults.podDelete({
      target: target.deployment({ namespace: 'shop', labels: { app: 'frontend' } }),
      tunables: { totalChaosDuration: '1m', chaosInterval: '15s', podsAffectedPerc: 50 },
      probes: [frontendAnswers],
      weight: 10,
    }),
    faults.podNetworkLatency({
      target: target.deployment({ namespace: 'shop', labels: { app: 'orders' } }),
      tunables: { totalChaosDuration: '90s', networkLatency: '300ms', jitter: '50ms' },
      probes: [frontendAnswers, ordersDrained],
      weight: 5,
    }),
  ),
});
