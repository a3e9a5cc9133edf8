import { experiment, faults, probe, target } from 'chaosflow';

/**
 * The chaos stage of checkout's release pipeline (pipelines/checkout-release.yaml): installed once as a
 * ClusterWorkflowTemplate, it is called by the pipeline through `templateRef` (template `chaos`) between deploying
 * a new version and promoting it. It deletes half of the new version's pods for 30 s; the checkout Service must
 * still have endpoints at the end, or the verdict is Fail, the chaos step fails, and the pipeline stops before it
 * promotes anything. The workload comes from the pipeline's parameters appNamespace, appKind and appLabel; its
 * steps run as the pipeline's service account, which `--rbac` grants what the chaos needs.
 *
 *   chaosflow build examples/checkout-release-chaos.ts --kind cluster-template --rbac -o - | kubectl apply -f -
 */
export default experiment({
  name: 'checkout-release-chaos',
  title: 'Checkout release: pod delete',
  description: 'Called by the checkout release pipeline through templateRef, between deploy and promote.',
  serviceAccount: 'release-pipeline',
  target: target.fromParameters({ kinds: ['deployment'], defaults: { kind: 'deployment' } }),
  faults: [
    faults.podDelete({
      tunables: { totalChaosDuration: '30s', chaosInterval: '10s', podsAffectedPerc: 50 },
      probes: [
        probe.k8s({
          name: 'checkout-has-endpoints',
          mode: 'EOT',
          version: 'v1',
          resource: 'endpoints',
          namespace: 'shop',
          fieldSelector: 'metadata.name=checkout',
          operation: 'present',
          runProperties: { probeTimeout: '5s', interval: '2s', attempt: 2 },
        }),
      ],
    }),
  ],
});
