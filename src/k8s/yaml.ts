import { emitDocument } from './yaml-emitter.js';

/** Keys that lead every Kubernetes object, in this order; the rest keep the order they were built in. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];
const METADATA_KEYS = ['name', 'generateName', 'namespace', 'labels', 'annotations'];
/** Maps whose entries are sorted, because users write them in any order and output must not depend on it. */
const SORTED_MAPS = new Set(['labels', 'annotations']);

/**
 * Serializes objects to byte-stable multi-document YAML: the same objects always give the same bytes.
 * In Kubernetes objects `apiVersion`, `kind`, `metadata` come first; labels and annotations are sorted;
 * other keys keep the order the compiler built them in; `null` and `undefined` are dropped; lists of
 * scalars are written inline; long strings are never folded; YAML 1.1 quoting keeps Go's YAML parser from
 * reading strings such as `"yes"` or `"on"` as booleans.
 */
export function toYaml(objects: readonly object[]): string {
  return objects.map((object) => `---\n${stringifyOne(object)}`).join('');
}

/** One object as a YAML document body, without the leading `---`. */
export function stringifyOne(object: object): string {
  return emitDocument(normalize(object) as Record<string, unknown>);
}

/**
 * Deep-copies plain data: drops `null`/`undefined`, puts the leading keys first, sorts label maps.
 * Throws on anything but plain objects, arrays, strings, finite numbers and booleans, which have no
 * stable YAML form.
 */
export function normalize(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.filter((item) => item != null).map((item) => normalize(item));
  if (typeof value === 'object' && value !== null) return normalizeObject(value, key);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`cannot serialize the number ${value} at "${key}"`);
  }
  if (['string', 'number', 'boolean'].includes(typeof value)) return value;
  throw new TypeError(`cannot serialize a ${typeof value} at "${key}"`);
}

function normalizeObject(value: object, key: string): Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`cannot serialize a ${value.constructor.name} at "${key}"; only plain objects`);
  }
  const entries = Object.entries(value).filter(([, item]) => item != null);
  const isKubeObject = 'apiVersion' in value && 'kind' in value;
  const order = key === 'metadata' ? METADATA_KEYS : isKubeObject ? LEADING_KEYS : [];
  const ranked = (name: string) => {
    const index = order.indexOf(name);
    return index === -1 ? order.length : index;
  };
  const sorted = SORTED_MAPS.has(key)
    ? entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    : entries.sort(([a], [b]) => ranked(a) - ranked(b));
  return Object.fromEntries(sorted.map(([name, item]) => [name, normalize(item, name)]));
}
