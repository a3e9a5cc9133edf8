import { experiment, faults, param, target } from 'chaosflow';

/**
 * The classic: delete nginx pods for 30 seconds, one round every 10 seconds, gracefully. How long is a choice
 * made at submit (the Argo UI's form, `argo submit -p chaosDuration=60`), among the values listed.
 */
export default experiment({
  name: 'nginx-pod-delete',
  title: 'Nginx pod delete',
  description: 'Deletes pods of the `nginx` deployment and checks that it recovers.',
  target: target.deployment({ namespace: 'nginx', labels: { app: 'nginx' } }),
  deadline: '15m',
  faults: [
    faults.podDelete({
      tunables: {
        totalChaosDuration: param('chaosDuration', {
          default: '30s',
          description: 'How long pods are deleted for',
          enum: ['30s', '60s', '120s'],
        }),
        chaosInterval: '10s',
        force: false,
      },
    }),
  ],
});
