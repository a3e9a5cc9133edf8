import { yamlLibrary } from '../yaml-library.js';
import {
  flowItemWithoutLibrary,
  keyWithoutLibrary,
  literalBlockWithoutLibrary,
  numberOrBooleanWithoutLibrary,
  valueWithoutLibrary,
} from './yaml-shortcuts.js';

/**
 * Writes the plain data the compiler makes (objects, arrays, strings, finite numbers, booleans; no nulls) as a
 * YAML document, in exactly the form the `yaml` library gives it with chaosflow's styles: two-space indent,
 * lists of one-line scalars inline, multi-line strings as literal blocks, no line folding, YAML 1.1 quoting.
 *
 * Hand-written for speed only, and only the layout: `yaml`'s serializer builds a node tree and costs about
 * 0.13 ms for a small object, which made YAML 80% of the time to compile an experiment with hundreds of faults.
 * Scalars are written by `yaml` itself (memoized, since the same strings recur) unless they have one of the
 * shapes yaml-shortcuts.ts knows; test/k8s/yaml-emitter.test.ts checks this emitter byte for byte against the
 * library on random data.
 */
export function emitDocument(value: Readonly<Record<string, unknown>>): string {
  if (Object.keys(value).length === 0) return '{}\n';
  prepareStrings(value);
  const lines: string[] = [];
  emitMap(value, 0, lines);
  return `${lines.join('\n')}\n`;
}

/** A map's entries at `indent`, one or more lines each. */
function emitMap(map: Readonly<Record<string, unknown>>, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(map)) {
    const head = `${pad}${formattedKey(key, indent)}:`;
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

const stringify = (value: unknown) => yamlLibrary().stringify(value, OPTIONS);

/**
 * Formatted strings, by value: the same names, labels and env values recur across an experiment's objects. The
 * strings of a document that are not cached yet are formatted together, in one call to `yaml`. Emptied when
 * full, so a long-running service compiling many experiments keeps a bounded cache.
 */
class FormatCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(
    private readonly formatAll: (strings: readonly string[]) => V[],
    /** How a string is written without asking `yaml`, when that can be told; undefined when not. */
    private readonly shortcut: (text: string) => V | undefined,
  ) {}

  prepare(strings: Iterable<string>): void {
    const missing = [...new Set(strings)].filter((text) => !this.entries.has(text));
    if (missing.length === 0) return;
    if (this.entries.size + missing.length > 20_000) this.entries.clear();
    const asked: string[] = [];
    for (const text of missing) {
      const known = this.shortcut(text);
      if (known === undefined) asked.push(text);
      else this.entries.set(text, known);
    }
    if (asked.length === 0) return;
    const formatted = this.formatAll(asked);
    for (const [index, text] of asked.entries()) this.entries.set(text, formatted[index] as V);
  }

  get(text: string): V {
    this.prepare([text]);
    return this.entries.get(text) as V;
  }
}

/** The lines of `{ item0: strings[0], ... }` as `yaml` writes it, each entry's lines apart, keys cut off. */
function formatEntries(
  strings: readonly string[],
  entry: (text: string) => unknown,
  style: (node: unknown) => void = () => undefined,
): string[][] {
  const { Document } = yamlLibrary();
  const document = new Document(
    Object.fromEntries(strings.map((text, index) => [`item${index}`, entry(text)])),
    { version: '1.1' },
  );
  for (const index of strings.keys()) style(document.get(`item${index}`, true));
  const entries: string[][] = [];
  for (const line of document.toString(OPTIONS).slice(0, -1).split('\n')) {
    const head = /^item\d+: /.exec(line);
    if (head === null) entries.at(-1)?.push(line);
    else entries.push([line.slice(head[0].length)]);
  }
  return entries;
}

/** Keys as `yaml` writes them in a block map (formatted one at a time: a key is plain data, never a name). */
const keys = new FormatCache(
  (strings) => strings.map((key) => stringify({ [key]: 0 }).slice(0, -': 0\n'.length)),
  keyWithoutLibrary,
);

/** One-line strings as `yaml` writes them as a block map's value (and, alike, as a block list's item). */
const values = new FormatCache(
  (strings) => formatEntries(strings, (text) => text).map(([line]) => line ?? ''),
  valueWithoutLibrary,
);

/** One-line strings as `yaml` writes them inside an inline list. */
const flowItems = new FormatCache(
  (strings) =>
    formatEntries(
      strings,
      (text) => [text],
      (node) => {
        (node as { flow?: boolean }).flow = true;
      },
    ).map(([line]) => (line ?? '').slice(1, -1)),
  flowItemWithoutLibrary,
);

/** Multi-line strings as `yaml` writes them as literal blocks: the header, then the lines at indent 2. */
const blocks = new FormatCache(
  (strings) =>
    formatEntries(
      strings,
      (text) => text,
      (node) => {
        if (yamlLibrary().isScalar(node)) node.type = 'BLOCK_LITERAL';
      },
    ),
  literalBlockWithoutLibrary,
);

/** Numbers and booleans, formatted alone: they are few, and a Map would hold 0 and -0 as one key. */
const asValue = (value: unknown) =>
  numberOrBooleanWithoutLibrary(value) ?? stringify({ k: value }).slice('k: '.length, -1);
const asFlowItem = (value: unknown) => numberOrBooleanWithoutLibrary(value) ?? numberInFlow(value);
const numberInFlow = (value: unknown) => {
  const { Document } = yamlLibrary();
  const document = new Document({ k: [value] }, { version: '1.1' });
  (document.get('k', true) as { flow?: boolean }).flow = true;
  return document.toString(OPTIONS).slice('k: ['.length, -']\n'.length);
};

/**
 * Keys that start like a document marker (`---`, `...`) are quoted by `yaml` only at the start of a line, where
 * they would end the document; nested ones are written as `yaml` writes them one level down.
 */
const DOCUMENT_MARKER = /^(---|\.\.\.)/;
const nestedKeys = new FormatCache(
  (strings) =>
    strings.map((key) => (stringify({ k: { [key]: 0 } }).split('\n')[1] ?? '').slice(2, -': 0'.length)),
  () => undefined,
);
const formattedKey = (key: string, indent: number) =>
  indent > 0 && DOCUMENT_MARKER.test(key) ? nestedKeys.get(key) : keys.get(key);
const formattedValue = (value: unknown) => (typeof value === 'string' ? values.get(value) : asValue(value));
const formattedFlowItem = (value: unknown) =>
  typeof value === 'string' ? flowItems.get(value) : asFlowItem(value);
const literalBlock = (value: string) => blocks.get(value);

/** The strings of a document, by how they are written. */
interface DocumentStrings {
  readonly keys: string[];
  readonly values: string[];
  readonly flowItems: string[];
  readonly blocks: string[];
}

/** Formats every string of a document not cached yet, one call to `yaml` per kind. */
function prepareStrings(value: unknown): void {
  const found: DocumentStrings = { keys: [], values: [], flowItems: [], blocks: [] };
  collectStrings(value, found);
  keys.prepare(found.keys);
  values.prepare(found.values);
  flowItems.prepare(found.flowItems);
  blocks.prepare(found.blocks);
}

/** Walks the value as the emitter writes it: keys, one-line values, inline-list items, literal blocks. */
function collectStrings(node: unknown, found: DocumentStrings): void {
  if (typeof node === 'string') (node.includes('\n') ? found.blocks : found.values).push(node);
  else if (Array.isArray(node)) collectListStrings(node, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, item] of Object.entries(node)) {
      found.keys.push(key);
      collectStrings(item, found);
    }
  }
}

function collectListStrings(list: readonly unknown[], found: DocumentStrings): void {
  const block: boolean = isBlockList(list);
  if (block) for (const item of list) collectStrings(item, found);
  else found.flowItems.push(...list.filter((item): item is string => typeof item === 'string'));
}
