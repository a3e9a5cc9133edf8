import { after, dag, experiment, faults, target } from 'chaosflow';

const cart = target.deployment({ namespace: 'shop', labels: { app: 'cart' } });
const payments = target.deployment({ namespace: 'shop', labels: { app: 'payments' } });

const killCart = faults.podDelete({
  name: 'kill-cart',
  target: cart,
  tunables: { totalChaosDuration: '30s' },
});
const slowPayments = faults.podNetworkLatency({
  name: 'slow-payments',
  target: payments,
  tunables: { totalChaosDuration: '1m', networkLatency: '500ms', destinationPorts: ['5432'] },
});
const cartCpu = faults.podCpuHog({
  name: 'cart-cpu',
  target: cart,
  tunables: { totalChaosDuration: '1m' },
  weight: 3,
});
const paymentsKill = faults.containerKill({ name: 'payments-container-kill', target: payments, weight: 7 });

/** Cart and payments faults at once, then CPU pressure on cart and a container kill on payments once both ended. */
export default experiment({
  name: 'shop-dag',
  title: 'Shop fault DAG',
  faults: dag(
    killCart,
    slowPayments,
    after([killCart, slowPayments], cartCpu),
    after(slowPayments, paymentsKill),
  ),
});
