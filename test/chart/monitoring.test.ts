import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/compile/metrics.js';
import { TriggerMetrics } from '../../src/serve/metrics.js';
import { CHART_DIR } from './chart-dir.js';
import { dashboardQueries, readAlertRules, readDashboard } from './monitoring-files.js';

/** Grafana's built-in variables the queries may use besides the dashboard's own. */
const GRAFANA_VARIABLES = new Set(['__rate_interval', '__range', '__interval']);
const PANEL_TYPES = new Set(['row', 'timeseries', 'stat', 'table', 'bargauge']);

/** Every metric name a query could read: the ones compiled into runs (as Argo serves them) and serve's. */
async function knownMetrics(): Promise<Set<string>> {
  const compiled = Object.values(METRIC_NAMES).map((name) => `argo_workflows_${name}`);
  const served = (await new TriggerMetrics().registry.getMetricsAsJSON()).flatMap((metric) =>
    // prom-client declares the type as a numeric enum but reports a name.
    String(metric.type) === 'histogram' ? [`${metric.name}_bucket`] : [metric.name],
  );
  return new Set([...compiled, ...served]);
}

describe("the chart's Grafana dashboard", () => {
  const dashboard = readDashboard();

  it('has the fields Grafana requires, unique panel ids and a grid within 24 columns', () => {
    expect(dashboard).toMatchObject({ uid: 'chaosflow', title: 'chaosflow', schemaVersion: 39 });
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(PANEL_TYPES, panel.title).toContain(panel.type);
      expect(panel.title).not.toBe('');
      const { h, w, x, y } = panel.gridPos;
      expect([h, w, x, y].every(Number.isInteger), panel.title).toBe(true);
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      if (panel.type === 'row') continue;
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      const refIds = (panel.targets ?? []).map((target) => target.refId);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
    }
  });

  it('queries only metrics chaosflow compiles or serves, and only variables it defines', async () => {
    const metrics = await knownMetrics();
    const variables = new Set(dashboard.templating.list.map((variable) => variable.name));
    const queries = dashboardQueries(dashboard);
    expect(queries.length).toBe(21);
    for (const { where, expr } of queries) {
      const names = expr.match(/\b(argo_workflows_|chaosflow_)[a-z_]+/g) ?? [];
      expect(names.length, where).toBeGreaterThan(0);
      for (const name of names) expect(metrics, `${where}: ${name}`).toContain(name);
      for (const [, variable] of expr.matchAll(/\$(\w+)/g))
        expect(
          variables.has(variable ?? '') || GRAFANA_VARIABLES.has(variable ?? ''),
          `${where}: $${variable}`,
        ).toBe(true);
    }
  });

  it('draws the chaos windows and the guardian aborts as annotations', () => {
    expect(
      dashboard.annotations.list.filter((annotation) => annotation.builtIn !== 1).map((a) => a.name),
    ).toEqual(['Chaos windows', 'Guardian aborts']);
  });

  it('is what the Argo UI link of the install notes opens, with the experiment variable it sets', () => {
    const helpers = readFileSync(join(CHART_DIR, 'templates', '_helpers.tpl'), 'utf8');
    const link =
      /\/d\/([^/]+)\/[^?]+\?from=\$\{status\.startedAtEpoch\}&to=\$\{status\.finishedAtEpoch\}&var-(\w+)=/.exec(
        helpers,
      );
    expect(link?.[1]).toBe(dashboard.uid);
    expect(dashboard.templating.list.map((variable) => variable.name)).toContain(link?.[2]);
  });
});

describe("the chart's alert rules", () => {
  const rules = readAlertRules();

  it('cover a failed scheduled run, a guard abort, no leader, a failing sync and the emergency stop', () => {
    expect(rules.map((rule) => rule.alert)).toEqual([
      'ChaosflowScheduledRunFailed',
      'ChaosflowRunAbortedByGuard',
      'ChaosflowTriggerServiceDown',
      'ChaosflowSyncFailing',
      'ChaosflowEmergencyStopOn',
    ]);
  });

  it('give every rule a severity, a summary and a description, and read only known metrics', async () => {
    const metrics = await knownMetrics();
    for (const rule of rules) {
      expect(['info', 'warning', 'critical'], rule.alert).toContain(rule.labels.severity);
      expect(rule.annotations.summary, rule.alert).toBeTruthy();
      expect(rule.annotations.description, rule.alert).toBeTruthy();
      for (const name of rule.expr.match(/\b(argo_workflows_|chaosflow_)[a-z_]+/g) ?? [])
        expect(metrics, `${rule.alert}: ${name}`).toContain(name);
    }
  });
});
