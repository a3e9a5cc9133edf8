import { experiment, faults, target } from 'chaosflow';

/** The classic: delete nginx pods for 30 seconds, one round every 10 seconds, gracefully. */
export default experiment({
  name: 'nginx-pod-delete',
  title: 'Nginx pod delete',
  description: 'Deletes pods of the `nginx` deployment and checks that it recovers.',
  target: target.deployment({ namespace: 'nginx', labels: { app: 'nginx' } }),
  faults: [
    faults.podDelete({
      tunables: { totalChaosDuration: '30s', chaosInterval: '10s', force: false },
    }),
  ],
});
