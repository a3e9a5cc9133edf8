import { experiment, faults, target } from 'chaosflow';

/** Every weekday at 03:00 Berlin time: kill a cart container, and keep runs tidy. */
export default experiment({
  name: 'nightly-cart-container-kill',
  title: 'Nightly cart container kill',
  target: target.statefulset({ namespace: 'shop', names: ['cart-redis'] }),
  faults: [
    faults.containerKill({
      tunables: { totalChaosDuration: '30s', chaosInterval: '10s', targetContainer: 'redis' },
    }),
  ],
  schedule: {
    cron: '0 3 * * 1-5',
    timezone: 'Europe/Berlin',
    concurrencyPolicy: 'Forbid',
    startingDeadline: '5m',
  },
  deadline: '30m',
  retries: { limit: 2, backoff: { duration: '10s', factor: 2, maxDuration: '1m' } },
  podGC: { strategy: 'OnWorkflowCompletion', deleteDelay: '10m' },
  ttl: { afterSuccess: '1h', afterFailure: '24h' },
});
