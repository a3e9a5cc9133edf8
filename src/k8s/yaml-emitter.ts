import { Document, isScalar, stringify } from 'yaml';

/**
 * Writes the plain data the compiler makes (objects, arrays, strings, finite numbers, booleans; no nulls) as a
 * YAML document, in exactly the form the `yaml` library gives it with chaosflow's styles: two-space indent,
 * lists of one-line scalars inline, multi-line strings as literal blocks, no line folding, YAML 1.1 quoting.
 *
 * Hand-written for speed only, and only the layout: `yaml`'s serializer builds a node tree and costs about
 * 0.13 ms for a small object, which made YAML 80% of the time to compile an experiment with hundreds of faults.
 * Every scalar and key is still formatted by `yaml` itself (memoized, since the same strings recur), so quoting
 * stays the library's; test/k8s/yaml-emitter.test.ts checks this emitter byte for byte against the library on
 * random data.
 */
export function emitDocument(value: Readonly<Record<string, unknown>>): string {
  if (Object.keys(value).length === 0) return '{}\n';
  const lines: string[] = [];
  emitMap(value, 0, lines);
  return `${lines.join('\n')}\n`;
}

/** A map's entries at `indent`, one or more lines each. */
function emitMap(map: Readonly<Record<string, unknown>>, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(map)) {
    const head = `${pad}${formattedKey(key)}:`;
    if (isNestedMap(value)) {
      lines.push(head);
      emitMap(value, indent + 2, lines);
    } else if (isBlockList(value)) {
      lines.push(head);
      emitList(value, indent + 2, lines);
    } else {
      pushInline(head, value, indent, lines);
    }
  }
}

/** A block list's items at `indent`: `- ` then the item, a map's or list's first line on the same line. */
function emitList(list: readonly unknown[], indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of list) {
    if (isNestedMap(item) || isBlockList(item)) {
      const first = lines.length;
      if (isNestedMap(item)) emitMap(item, indent + 2, lines);
      else emitList(item, indent + 2, lines);
      lines[first] = `${pad}- ${(lines[first] as string).slice(indent + 2)}`;
    } else {
      pushInline(`${pad}-`, item, indent, lines);
    }
  }
}

/** `head` followed by a value that starts on its line: a scalar, an inline list, `{}`, or a literal block. */
function pushInline(head: string, value: unknown, indent: number, lines: string[]): void {
  if (Array.isArray(value)) {
    lines.push(`${head} [${value.map(formattedFlowItem).join(', ')}]`);
  } else if (typeof value === 'object' && value !== null) {
    lines.push(`${head} {}`);
  } else if (typeof value === 'string' && value.includes('\n')) {
    const [header, ...content] = literalBlock(value);
    lines.push(`${head} ${header}`);
    for (const line of content) lines.push(line === '' ? '' : `${' '.repeat(indent)}${line}`);
  } else {
    lines.push(`${head} ${formattedValue(value)}`);
  }
}

function isNestedMap(value: unknown): value is Readonly<Record<string, unknown>> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0
  );
}

/** A list written as a block: one that is not empty and holds a collection or a multi-line string. */
function isBlockList(value: unknown): value is readonly unknown[] {
  return (
    Array.isArray(value) &&
    value.some((item) => typeof item === 'object' || (typeof item === 'string' && item.includes('\n')))
  );
}

const OPTIONS = { version: '1.1', lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false } as const;

/**
 * Formatted scalars, by value: the same names, labels and env values recur across an experiment's objects.
 * Emptied when full, so a long-running service compiling many experiments keeps a bounded cache.
 */
class FormatCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly make: (key: K) => V) {}

  get(key: K): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      if (this.entries.size >= 20_000) this.entries.clear();
      value = this.make(key);
      this.entries.set(key, value);
    }
    return value;
  }
}

/** A key as `yaml` writes it in a block map. */
const keys = new FormatCache((key: string) => stringify({ [key]: 0 }, OPTIONS).slice(0, -': 0\n'.length));
const formattedKey = (key: string) => keys.get(key);

/** A one-line scalar as `yaml` writes it as a block map's value (and, alike, as a block list's item). */
const asValue = (value: unknown) => stringify({ k: value }, OPTIONS).slice('k: '.length, -1);
const values = new FormatCache(asValue);
// Strings only are cached: a Map holds 0 and -0 as one key, and numbers are rare.
const formattedValue = (value: unknown) => (typeof value === 'string' ? values.get(value) : asValue(value));

/** A one-line scalar as `yaml` writes it inside an inline list. */
const asFlowItem = (value: unknown) => {
  const document = new Document({ k: [value] }, { version: '1.1' });
  (document.get('k', true) as { flow?: boolean }).flow = true;
  return document.toString(OPTIONS).slice('k: ['.length, -']\n'.length);
};
const flowItems = new FormatCache(asFlowItem);
const formattedFlowItem = (value: unknown) =>
  typeof value === 'string' ? flowItems.get(value) : asFlowItem(value);

/** A multi-line string as `yaml` writes it as a literal block: its header, then its lines at indent 2. */
const blocks = new FormatCache((value: string) => {
  const document = new Document({ k: value }, { version: '1.1' });
  const scalar = document.get('k', true);
  if (isScalar(scalar)) scalar.type = 'BLOCK_LITERAL';
  return document.toString(OPTIONS).slice('k: '.length, -1).split('\n');
});
const literalBlock = (value: string) => blocks.get(value);
