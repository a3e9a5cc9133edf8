import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GitRepo } from '../gitops/git-repo.js';
import { EXAMPLES_DIR } from '../helpers.js';
import { runCli, workspace } from './run-cli.js';

const repo = new GitRepo();
repo.commit({
  'experiments/nginx-pod-delete.ts': readFileSync(join(EXAMPLES_DIR, 'nginx-pod-delete.ts'), 'utf8'),
});
afterAll(() => repo.remove());

const saved = process.env.KUBECONFIG;
afterEach(() => {
  if (saved === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = saved;
});

/** `chaosflow sync` of a good repository, with KUBECONFIG pointing at `kubeconfig`. */
async function syncWith(kubeconfig: string) {
  process.env.KUBECONFIG = kubeconfig;
  const cache = workspace({});
  return runCli('sync', repo.dir, '--dry-run', '--cache', cache);
}

/** A kubeconfig whose API server refuses connections. */
function unreachable(): string {
  const dir = workspace({
    kubeconfig: [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: c, context: {cluster: c, user: u}}]',
      'current-context: c',
      '',
    ].join('\n'),
  });
  return join(dir, 'kubeconfig');
}

const UNREACHABLE =
  "error: cannot reach the Kubernetes API server at https://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n  → check KUBECONFIG (or the pod's service account), and that the API server is up and reachable from here\n";

const KUBECONFIG_HINT =
  "  → point KUBECONFIG at a valid kubeconfig file, or unset it to use ~/.kube/config or the pod's service account\n";

describe('chaosflow sync with a cluster it cannot use', () => {
  it('says which kubeconfig cannot be parsed, and why', async () => {
    const dir = workspace({ kubeconfig: 'clusters: [\n' });
    const run = await syncWith(join(dir, 'kubeconfig'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^error: cannot read the kubeconfig ${join(dir, 'kubeconfig')} \\(KUBECONFIG\\): .+\\n`),
    );
    expect(run.stderr.endsWith(KUBECONFIG_HINT)).toBe(true);
  });

  it('says which kubeconfig does not exist', async () => {
    const run = await syncWith('/nonexistent/kubeconfig');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: cannot read the kubeconfig /nonexistent/kubeconfig (KUBECONFIG): ENOENT: no such file or directory, open '/nonexistent/kubeconfig'\n${KUBECONFIG_HINT}`,
    );
  });

  it('says which API server cannot be reached', async () => {
    const run = await syncWith(unreachable());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "error: cannot reach the Kubernetes API server at https://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n  → check KUBECONFIG (or the pod's service account), and that the API server is up and reachable from here\n",
    );
  });
});

describe('run, report and plan with an API server that cannot be reached', () => {
  it.each([
    [['run', 'workflowtemplate/checkout-gameday', '-n', 'litmus']],
    [['run', '--follow', 'litmus/checkout-gameday-x7k2p']],
    [['run', join(EXAMPLES_DIR, 'nginx-pod-delete.ts')]],
    [['report', 'litmus/checkout-gameday-x7k2p']],
    [['plan', join(EXAMPLES_DIR, 'nginx-pod-delete.ts'), '--cluster']],
  ])('chaosflow %j says so and exits 1', async (args) => {
    process.env.KUBECONFIG = unreachable();
    const run = await runCli(...args);
    expect(run.code).toBe(1);
    expect(run.stderr.endsWith(UNREACHABLE)).toBe(true);
  });
});
