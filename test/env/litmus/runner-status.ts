import type { ExperimentStatus } from './litmus-objects.js';

/**
 * The experiment statuses chaos-runner writes into `status.experiments[]` of its engine (3.5.0
 * `pkg/utils/status.go`), with the exact strings of chaos-operator's API (`ExperimentStatus…` constants).
 */
export const experimentStatus = {
  /** Before the Job exists. */
  waiting: (experiment: string, engine: string) =>
    entry(experiment, engine, 'Yet to be launched', 'Waiting for Job Creation', 'N/A'),
  /** While the experiment pod runs. */
  running: (experiment: string, engine: string, pod: string) =>
    entry(experiment, engine, pod, 'Running', 'Awaited'),
  /** After the pod ended: the ChaosResult's verdict. */
  completed: (experiment: string, engine: string, pod: string, verdict: string) =>
    entry(experiment, engine, pod, 'Completed', verdict),
  /** The ChaosExperiment does not exist in the engine's namespace. */
  notFound: (experiment: string, engine: string) =>
    entry(experiment, engine, 'N/A', 'ChaosExperiment Not Found', 'Fail'),
  /** The Job could not be prepared, created or watched. */
  skipped: (experiment: string, engine: string) => entry(experiment, engine, 'N/A', 'Skipped', 'Fail'),
};

function entry(
  name: string,
  engine: string,
  experimentPod: string,
  status: string,
  verdict: string,
): ExperimentStatus {
  return {
    name,
    runner: `${engine}-runner`,
    experimentPod,
    status,
    verdict,
    lastUpdateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** The engine's experiment statuses with one replaced by name; undefined when the engine has no entry for it. */
export function withStatus(
  statuses: readonly ExperimentStatus[],
  status: ExperimentStatus,
): ExperimentStatus[] | undefined {
  const index = statuses.findIndex((candidate) => candidate.name === status.name);
  if (index === -1) return undefined;
  return statuses.map((candidate, at) => (at === index ? status : candidate));
}
