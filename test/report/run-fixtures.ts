import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, faults, probe, sequence, target } from '../../src/index.js';
import type { EventObject, ResultObject, RunObject } from '../../src/report/run-objects.js';
import { hub } from '../helpers.js';

export const UID = '3f1c9a52-7b1e-4c55-9d0e-1a2b3c4d5e6f';
const answers = probe.http({
  name: 'frontend-answers',
  mode: 'Continuous',
  url: 'http://frontend.shop.svc/healthz',
  method: { get: { criteria: '==', responseCode: 200 } },
  runProperties: { probeTimeout: '2s', interval: '5s' },
});

/** A run of a compiled two-fault experiment, as the API server would return it with `status`. */
export function compiledRun(
  status: NonNullable<RunObject['status']>,
  annotations: Record<string, string> = {},
): RunObject {
  const [workflow] = compileExperiment(
    experiment({
      name: 'frontend-resilience',
      chaosNamespace: 'litmus',
      faults: sequence(
        faults.podDelete({
          target: target.deployment({ namespace: 'shop', labels: { app: 'frontend' } }),
          probes: [answers],
          weight: 10,
        }),
        faults.podNetworkLatency({
          target: target.deployment({ namespace: 'shop', labels: { app: 'orders' } }),
          weight: 5,
        }),
      ),
    }),
    { hub: hub(), kind: 'workflow' },
  ).objects;
  const object = workflow as unknown as RunObject;
  return {
    ...object,
    metadata: {
      ...object.metadata,
      name: 'frontend-resilience-x7k2p',
      namespace: 'litmus',
      uid: UID,
      annotations: { ...object.metadata.annotations, ...annotations },
    },
    status,
  };
}

export const node = (templateName: string, phase: string, extra: object = {}) => ({
  [`${templateName}-node`]: {
    displayName: templateName.replace('fault-', ''),
    templateName,
    phase,
    ...extra,
  },
});

export const passed: ResultObject = {
  metadata: { name: `pod-delete-${UID}-pod-delete` },
  status: {
    experimentStatus: { phase: 'Completed', verdict: 'Pass', probeSuccessPercentage: '100' },
    probeStatuses: [
      {
        name: 'frontend-answers',
        type: 'httpProbe',
        mode: 'Continuous',
        status: { verdict: 'Passed', description: 'ok' },
      },
    ],
  },
};

export const event = (name: string, reason: string, time: string, message = reason): EventObject => ({
  involvedObject: { kind: 'ChaosEngine', name },
  reason,
  message,
  type: 'Normal',
  lastTimestamp: time,
});
