import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART_DIR } from './chart-dir.js';

/** The chart's Grafana dashboard and alert rules, read from the files the chart ships. */
export const DASHBOARD_FILE = join(CHART_DIR, 'monitoring', 'chaosflow-dashboard.json');
export const ALERTS_FILE = join(CHART_DIR, 'monitoring', 'chaosflow-alerts.yaml');

export interface DashboardTarget {
  readonly refId: string;
  readonly expr: string;
}

export interface DashboardPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { h: number; w: number; x: number; y: number };
  readonly datasource?: { type: string; uid: string };
  readonly targets?: readonly DashboardTarget[];
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly schemaVersion: number;
  readonly panels: readonly DashboardPanel[];
  readonly templating: { list: readonly { name: string; type: string; query?: unknown }[] };
  readonly annotations: { list: readonly { name: string; expr?: string; builtIn?: number }[] };
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

export function readAlertRules(): AlertRule[] {
  const file = parse(readFileSync(ALERTS_FILE, 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return file.groups.flatMap((group) => group.rules);
}

/** Every PromQL query of the dashboard, named by where it is: panels, annotations, variables. */
export function dashboardQueries(dashboard: Dashboard): { where: string; expr: string }[] {
  const panels = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      where: `panel "${panel.title}" ${target.refId}`,
      expr: target.expr,
    })),
  );
  const annotations = dashboard.annotations.list.flatMap((annotation) =>
    annotation.expr === undefined
      ? []
      : [{ where: `annotation "${annotation.name}"`, expr: annotation.expr }],
  );
  return [...panels, ...annotations];
}
