import { experiment, faults, parallel, probe, sequence, target } from 'chaosflow';

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
 * checkout. Checkout must keep answering throughout.
 */
export default experiment({
  name: 'checkout-gameday',
  title: 'Checkout game day',
  description: 'Pod, network, stress, HTTP and node faults against the checkout path, with a health probe.',
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
