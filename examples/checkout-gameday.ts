import { experiment, faults, guard, parallel, probe, sequence, target } from 'chaosflow';

const checkout = target.deployment({ namespace: 'shop', labels: { app: 'checkout' } });
const payments = target.deployment({ namespace: 'shop', labels: { app: 'payments' } });

const checkoutAnswers = probe.http({
  name: 'checkout-answers',
  mode: 'Continuous',
  url: 'http://checkout.shop.svc.cluster.local/healthz',
  method: { get: { criteria: '==', responseCode: 200 } },
  runProperties: { probeTimeout: '2s', interval: '5s', attempt: 3 },
});

/**
 * A game day for the checkout path, one fault family per round: pod loss and packet loss together, then
 * CPU stress in the pods, slow HTTP answers from payments, and finally CPU pressure on the nodes that run
 * checkout. Checkout must keep answering throughout. chaosflow's guardian stops the game day, reverting the chaos,
 * when checkout's error rate stays above 5% for 30 s, when checkout stops answering its health check for 20 s,
 * or when fewer than two of its pods are available. The game day waits for the on-call engineer to press Resume in
 * the Argo UI (or run `argo resume`) before any chaos, and ends without chaos after half an hour.
 */
export default experiment({
  name: 'checkout-gameday',
  title: 'Checkout game day',
  description: 'Pod, network, stress, HTTP and node faults against the checkout path, with a health probe.',
  approval: { timeout: '30m' },
  abortWhen: [
    guard.prometheus({
      name: 'checkout-errors',
      endpoint: 'http://prometheus.monitoring.svc.cluster.local:9090',
      query:
        'sum(rate(http_requests_total{job="checkout",code=~"5.."}[1m])) / sum(rate(http_requests_total{job="checkout"}[1m]))',
      above: 0.05,
      for: '30s',
    }),
    guard.http({
      name: 'checkout-health',
      url: 'http://checkout.shop.svc.cluster.local/healthz',
      maxLatency: '2s',
      for: '20s',
      every: '5s',
    }),
    guard.kubernetes({
      name: 'checkout-capacity',
      object: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
      field: 'status.availableReplicas',
      below: 2,
    }),
  ],
  faults: sequence(
    parallel(
      faults.podDelete({
        name: 'kill-checkout',
        target: checkout,
        tunables: { totalChaosDuration: '30s', chaosInterval: '10s', podsAffectedPerc: 50 },
        probes: [checkoutAnswers],
      }),
      faults.podNetworkLoss({
        name: 'lossy-payments',
        target: payments,
        tunables: { totalChaosDuration: '30s', networkPacketLossPercentage: 20, destinationPorts: ['5432'] },
      }),
    ),
    faults.podCpuHog({
      name: 'busy-checkout',
      target: checkout,
      tunables: { totalChaosDuration: '45s', cpuCores: 1, cpuLoad: 80 },
      probes: [checkoutAnswers],
    }),
    faults.podHttpLatency({
      name: 'slow-payments-api',
      target: payments,
      tunables: { totalChaosDuration: '45s', latency: '800ms', targetServicePort: 8080 },
      probes: [checkoutAnswers],
      weight: 5,
    }),
    faults.nodeCpuHog({
      name: 'busy-nodes',
      target: checkout,
      tunables: { totalChaosDuration: '1m', nodeLabel: 'pool=checkout', nodesAffectedPerc: 50, cpuLoad: 90 },
      probes: [checkoutAnswers],
      weight: 3,
    }),
  ),
});
