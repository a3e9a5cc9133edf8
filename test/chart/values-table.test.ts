import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TABLE_MARKERS, valuesTable, withValuesTable } from '../../src/chart/values-table.js';
import { CHART_DIR } from './chart-dir.js';

describe('valuesTable', () => {
  const schema = {
    type: 'object',
    properties: {
      global: { type: 'object', description: "Helm's." },
      scope: { type: 'string', enum: ['cluster', 'namespace'], description: 'Where | how.' },
      trigger: {
        type: 'object',
        description: 'A group.',
        properties: {
          cooldown: { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$', description: 'Least time.' },
        },
      },
      paths: { type: 'array', items: { type: 'string' }, description: 'Globs.' },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port.' },
      resources: { type: 'object', description: 'Free-form.' },
    },
  };

  it('lists every leaf value with its type, default and description, and leaves out Helm globals', () => {
    const values = {
      scope: 'cluster',
      trigger: { cooldown: '5m' },
      paths: [],
      port: 8080,
      resources: { a: 1 },
    };
    expect(valuesTable(schema, values)).toBe(
      [
        '| Key | Type | Default | Description |',
        '| --- | --- | --- | --- |',
        '| `scope` | string: `cluster`, `namespace` | `"cluster"` | Where \\| how. |',
        '| `trigger.cooldown` | duration (`30s`, `5m`) | `"5m"` | Least time. |',
        '| `paths` | list of strings | `[]` | Globs. |',
        '| `port` | integer (1–65535) | `8080` | Port. |',
        '| `resources` | object | `{"a":1}` | Free-form. |',
        '',
      ].join('\n'),
    );
  });

  it('lists a group that is empty by default (set as a whole) before its members', () => {
    expect(valuesTable(schema, { trigger: {} })).toContain(
      '| `trigger` | object | `{}` | A group. |\n| `trigger.cooldown` | duration (`30s`, `5m`) |  | Least time. |\n',
    );
  });

  it('replaces only what lies between the markers', () => {
    const readme = `# Chart\n\n${TABLE_MARKERS.start}\nold\n${TABLE_MARKERS.end}\n\nAfter.\n`;
    expect(withValuesTable(readme, 'new\n')).toBe(
      `# Chart\n\n${TABLE_MARKERS.start}\nnew\n${TABLE_MARKERS.end}\n\nAfter.\n`,
    );
  });

  it('refuses a README without the markers rather than dropping the table', () => {
    expect(() => withValuesTable('# Chart\n', 'table')).toThrow(
      'the chart README needs <!-- values:start --> and <!-- values:end --> around its values table',
    );
  });
});

describe("the chart's README", () => {
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8'));
  const values = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));
  const readme = readFileSync(join(CHART_DIR, 'README.md'), 'utf8');

  it('has the values table generated from the schema; run `npm run codegen` after changing it', () => {
    expect(readme).toBe(withValuesTable(readme, valuesTable(schema, values)));
  });

  it('documents every value of values.yaml, and the schema knows every one', () => {
    const keys = (object: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(object).flatMap(([key, value]) =>
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.keys(value).length > 0 &&
        schemaAt(schema, `${prefix}${key}`)?.properties !== undefined
          ? keys(value as Record<string, unknown>, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    for (const key of keys(values)) {
      expect(readme, key).toContain(`| \`${key}\` |`);
      expect(schemaAt(schema, key)?.description, key).toMatch(/\.$/);
    }
  });
});

interface SchemaNode {
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
}

function schemaAt(schema: SchemaNode, key: string): SchemaNode | undefined {
  return key.split('.').reduce<SchemaNode | undefined>((node, part) => node?.properties?.[part], schema);
}
