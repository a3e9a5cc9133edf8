import type { TestProject } from 'vitest/node';
import { up } from '../env/cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The kubeconfig every e2e test talks to. */
    kubeconfig: string;
    /** Directory of the control plane's binaries (argo-lint among them), or '' against a user's cluster. */
    binDir: string;
    /** Where Argo's workflow-controller serves its metrics (HTTPS, self-signed), or '' against a user's cluster. */
    workflowMetricsUrl: string;
  }
}

/**
 * Uses the cluster `KUBECONFIG` points to when it is set (nothing is built then); otherwise builds what is
 * missing and starts the test control plane, which stays up for the next run (`npm run testenv -- down`).
 * With `CHAOSFLOW_TESTENV_STRICT=1` (CI), a component that could not be built or started fails the run.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (process.env.KUBECONFIG !== undefined && process.env.KUBECONFIG !== '') {
    project.provide('kubeconfig', process.env.KUBECONFIG);
    project.provide('binDir', '');
    project.provide('workflowMetricsUrl', '');
    return;
  }
  const state = await up((line) => console.log(`[testenv] ${line}`));
  if (process.env.CHAOSFLOW_TESTENV_STRICT === '1' && state.missing.length > 0)
    throw new Error(
      `CHAOSFLOW_TESTENV_STRICT: every component must run, and these do not:\n${state.missing
        .map(({ name, error }) => `  ${name}: ${error.split('\n')[0]}`)
        .join('\n')}`,
    );
  project.provide('kubeconfig', state.kubeconfig);
  project.provide('binDir', state.binDir);
  project.provide('workflowMetricsUrl', `https://127.0.0.1:${state.ports.workflowMetrics}/metrics`);
}
