import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { lazy } from '../lazy.js';
import { TEMPLATES_DIR } from '../package-paths.js';
import type { ReportFormat } from './formats.js';
import { reportView } from './report-view.js';
import type { RunReport } from './run-report.js';

/** The JSON report's own version: a reader checks it before it trusts the shape. */
const REPORT_SCHEMA = 'chaosflow.io/run-report/v1';

const ICONS: Readonly<Record<string, string>> = {
  passed: '✅',
  failed: '❌',
  'chaos-failed': '❌',
  error: '⚠️',
  incomplete: '⚠️',
  skipped: '⏭️',
  running: '⏳',
};

const handlebars = lazy(() => {
  const instance = Handlebars.create();
  instance.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  instance.registerHelper('or', (a: unknown, b: unknown) => Boolean(a) || Boolean(b));
  instance.registerHelper('isNumber', (value: unknown) => typeof value === 'number');
  instance.registerHelper('icon', (key: string) => ICONS[key] ?? '');
  // Text in Markdown: one line, a pipe that does not end a table cell, and no HTML a renderer would take in.
  instance.registerHelper('cell', (text: string) =>
    String(text)
      .replace(/\r?\n/g, ' ')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('|', '\\|'),
  );
  instance.registerPartial(
    'details',
    '{{#each fault.probes}}probe {{name}} ({{type}}, {{mode}}): {{verdict}}{{#if description}}: {{description}}{{/if}}\n{{/each}}',
  );
  return instance;
});

const templates = {
  junit: lazy(() => compile('junit.xml.hbs', false)),
  md: lazy(() => compile('report.md.hbs', true)),
};

function compile(file: string, markdown: boolean) {
  const text = readFileSync(join(TEMPLATES_DIR, 'report', file), 'utf8');
  // JUnit is XML: Handlebars's HTML escaping is valid XML escaping. Markdown escapes through `cell`.
  return handlebars().compile(text, { strict: false, noEscape: markdown });
}

/** A run's report in one format; `argoUrl` (the Argo UI's base URL) adds a link to the run. */
export function renderReport(format: ReportFormat, report: RunReport, argoUrl?: string): string {
  const view = reportView(report, argoUrl);
  if (format === 'json') {
    const links = view.argoUrl === undefined ? {} : { argo: view.argoUrl };
    return `${JSON.stringify({ schema: REPORT_SCHEMA, ...report, links }, null, 2)}\n`;
  }
  const errorCount = view.counts.error + (view.runError === undefined ? 0 : 1);
  const text = templates[format]()({ ...view, errorCount });
  return format === 'junit' ? withoutXmlForbidden(text) : text;
}

/**
 * XML 1.0 has no way to write most control characters (a colour code in a Litmus message, say): a JUnit reader
 * would refuse the whole file, so they are left out. Tab, line feed and carriage return stay.
 */
function withoutXmlForbidden(text: string): string {
  return [...text].filter((char) => char >= ' ' || char === '\t' || char === '\n' || char === '\r').join('');
}
