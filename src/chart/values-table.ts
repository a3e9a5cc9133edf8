/**
 * The chart's values table, rendered from values.schema.json (types, allowed values, descriptions) and
 * values.yaml (defaults). Hand-written rather than helm-docs: helm-docs reads descriptions from comments in
 * values.yaml, and ours live in the schema, which Helm also enforces; rendering from it keeps one text.
 */

/** The part of JSON Schema that the chart's schema uses. */
export interface ValuesSchema {
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: Readonly<Record<string, ValuesSchema>>;
  readonly items?: ValuesSchema;
}

/** Markers around the generated table in the chart's README. */
export const TABLE_MARKERS = { start: '<!-- values:start -->', end: '<!-- values:end -->' } as const;

interface Row {
  readonly key: string;
  readonly schema: ValuesSchema;
  readonly value: unknown;
}

/** A Markdown table of every value: key, type, default and description. */
export function valuesTable(schema: ValuesSchema, values: Record<string, unknown>): string {
  const rows = leaves(schema, values, '');
  const lines = [
    '| Key | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| \`${row.key}\` | ${typeOf(row.schema)} | ${defaultOf(row.value)} | ${cell(row.schema.description ?? '')} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The README with its table replaced by `table`.
 * @throws when the README lacks the markers, so the table is never silently dropped.
 */
export function withValuesTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_MARKERS.start);
  const end = readme.indexOf(TABLE_MARKERS.end);
  if (start < 0 || end < start) {
    throw new Error(
      `the chart README needs ${TABLE_MARKERS.start} and ${TABLE_MARKERS.end} around its values table`,
    );
  }
  return `${readme.slice(0, start + TABLE_MARKERS.start.length)}\n${table}${readme.slice(end)}`;
}

/**
 * Rows for every value that is not itself a documented group of values, and for a group that is empty by
 * default (set as a whole, such as a policy); `global` (Helm's) is left out.
 */
function leaves(schema: ValuesSchema, values: unknown, prefix: string): Row[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, child]) => {
    if (prefix === '' && name === 'global') return [];
    const key = `${prefix}${name}`;
    const value = (values as Record<string, unknown> | undefined)?.[name];
    if (child.properties === undefined) return [{ key, schema: child, value }];
    const emptyGroup = typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    return [...(emptyGroup ? [{ key, schema: child, value }] : []), ...leaves(child, value, `${key}.`)];
  });
}

function typeOf(schema: ValuesSchema): string {
  const type =
    schema.type === 'array' && schema.items?.type !== undefined
      ? `list of ${schema.items.type}s`
      : (schema.type ?? 'any');
  if (schema.enum !== undefined)
    return `${type}: ${schema.enum.map((value) => `\`${String(value)}\``).join(', ')}`;
  if (schema.pattern === '^[0-9]+(ms|s|m|h)$') return 'duration (`30s`, `5m`)';
  if (schema.minimum !== undefined && schema.maximum !== undefined)
    return `${type} (${schema.minimum}–${schema.maximum})`;
  return type;
}

function defaultOf(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return `\`${cell(text)}\``;
}

/** Text safe in a Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
