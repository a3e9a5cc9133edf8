import { experiment, faults, target } from 'chaosflow';

/**
 * One WorkflowTemplate for any opted-in Deployment or StatefulSet: the trigger service submits it with the
 * changed workload as parameters when a workload annotated `litmuschaos.io/workflow: on-release-pod-delete`
 * rolls out a new revision.
 */
export default experiment({
  name: 'on-release-pod-delete',
  id: 'on-release-pod-delete',
  title: 'Pod delete on every release',
  description: 'Submitted by the chaosflow trigger service when an opted-in workload changes.',
  target: target.fromParameters({ kinds: ['deployment', 'statefulset'], defaults: { kind: 'deployment' } }),
  faults: [faults.podDelete({ tunables: { totalChaosDuration: '30s', chaosInterval: '10s', force: false } })],
});
