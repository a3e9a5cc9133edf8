import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { binDir } from '../env/paths.js';
import { startPrometheus } from '../env/prometheus.js';
import { until } from './until.js';

const GAUGE = 'chaosflow_e2e_gauge';
const prometheus = join(binDir(), 'prometheus');
const promtool = join(binDir(), 'promtool');
const built = existsSync(prometheus) && existsSync(promtool);
const rulesDir = mkdtempSync(join(tmpdir(), 'chaosflow-rules-'));
afterAll(() => rmSync(rulesDir, { recursive: true, force: true }));

function ruleFile(name: string, expr: string): string {
  const file = join(rulesDir, name);
  writeFileSync(
    file,
    `groups:\n  - name: e2e\n    rules:\n      - alert: GaugeHigh\n        expr: ${expr}\n`,
  );
  return file;
}

/** Serves `metrics()` as Prometheus text at `/metrics` on a free port of 127.0.0.1. */
async function serveMetrics(metrics: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(metrics());
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, server };
}

/** The value of an instant query's first sample, if it has one. */
async function instantValue(url: string, query: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
  return body.data?.result?.[0]?.value[1];
}

async function firingAlerts(url: string): Promise<string[]> {
  const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as {
    data: { alerts: { labels: { alertname: string }; state: string }[] };
  };
  return body.data.alerts.filter((alert) => alert.state === 'firing').map((alert) => alert.labels.alertname);
}

function checkRules(file: string): { code: number | null; output: string } {
  const result = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

// Prometheus and promtool are built with the test control plane; against a user's cluster they may be absent.
describe.skipIf(!built)('Prometheus of the test control plane', () => {
  const validRules = ruleFile('valid.yaml', `${GAUGE} > 10`);

  it('scrapes a gauge the test serves, sees it change and fires an alert on it', async () => {
    let gauge = 7;
    const exporter = await serveMetrics(() => `# TYPE ${GAUGE} gauge\n${GAUGE} ${gauge}\n`);
    onTestFinished(() => void exporter.server.close());
    const server = await startPrometheus({
      targets: [{ job: 'e2e', url: exporter.url }],
      ruleFiles: [validRules],
    });
    onTestFinished(() => server.stop());

    const valueIs = (expected: string) => async () =>
      (await instantValue(server.url, GAUGE)) === expected ? true : undefined;
    await until(`${GAUGE} to be 7`, valueIs('7'), 30_000);
    expect(await firingAlerts(server.url)).toEqual([]);
    gauge = 11;
    await until(`${GAUGE} to be 11`, valueIs('11'), 30_000);
    await until(
      'GaugeHigh to fire',
      async () => ((await firingAlerts(server.url)).includes('GaugeHigh') ? true : undefined),
      30_000,
    );
    await expect(server.reload()).resolves.toBeUndefined();
  });

  it('promtool accepts a valid rule file and rejects a broken one, naming the problem', () => {
    expect(checkRules(validRules)).toMatchObject({ code: 0, output: expect.stringContaining('SUCCESS') });
    const broken = checkRules(ruleFile('broken.yaml', `${GAUGE} >`));
    expect(broken.code).toBe(1);
    expect(broken.output).toContain('FAILED');
    expect(broken.output).toContain('parse error');
  });
});
