import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, workspace } from './run-cli.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

const UNREACHABLE = [
  'apiVersion: v1',
  'kind: Config',
  'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
  'users: [{name: u, user: {token: t}}]',
  'contexts: [{name: x, context: {cluster: c, user: u}}]',
  'current-context: x',
  '',
].join('\n');

describe('chaosflow serve', () => {
  it('refuses to start without credentials for POST /v1/trigger', async () => {
    delete process.env.CHAOSFLOW_TRIGGER_TOKEN;
    delete process.env.CHAOSFLOW_TRIGGER_HMAC_SECRET;
    const run = await runCli('serve');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: POST /v1/trigger has no credentials\n  → set CHAOSFLOW_TRIGGER_TOKEN (bearer token) or CHAOSFLOW_TRIGGER_HMAC_SECRET (HMAC signing secret), or turn the HTTP API off with --no-api\n',
    );
  });

  it('needs no credentials with --no-api, and goes on to reach the cluster', async () => {
    delete process.env.CHAOSFLOW_TRIGGER_TOKEN;
    delete process.env.CHAOSFLOW_TRIGGER_HMAC_SECRET;
    process.env.KUBECONFIG = join(workspace({ kubeconfig: UNREACHABLE }), 'kubeconfig');
    const run = await runCli('serve', '--no-api', '--port', '0');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot start watching the cluster at https:\/\/127\.0\.0\.1:1: /);
  });

  it('says which cluster it cannot reach, and how to fix it', async () => {
    process.env.KUBECONFIG = join(workspace({ kubeconfig: UNREACHABLE }), 'kubeconfig');
    process.env.CHAOSFLOW_TRIGGER_TOKEN = 'token';
    const run = await runCli('serve', '--port', '0');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: cannot start watching the cluster at https:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    expect(run.stderr).toContain(
      "→ check KUBECONFIG (or the pod's service account) and that the API server is reachable",
    );
  });

  it('refuses a malformed duration, naming the option', async () => {
    const run = await runCli('serve', '--cooldown', '5');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: option '--cooldown <duration>' argument '5' is invalid. "5" is not a duration; write a whole number and a unit`,
    );
  });
});
