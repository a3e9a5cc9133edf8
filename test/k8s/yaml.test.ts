import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { normalize, toYaml } from '../../src/k8s/yaml.js';

const object = () => ({
  spec: { b: 1, a: 'text' },
  metadata: {
    annotations: { z: '1', a: '2' },
    labels: { zeta: 'z', alpha: 'a' },
    namespace: 'ns',
    name: 'n1',
  },
  kind: 'ConfigMap',
  apiVersion: 'v1',
});

describe('toYaml', () => {
  it('puts apiVersion, kind, metadata first, metadata name first, and sorts labels and annotations', () => {
    expect(toYaml([object()])).toBe(
      [
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: n1',
        '  namespace: ns',
        '  labels:',
        '    alpha: a',
        '    zeta: z',
        '  annotations:',
        '    a: "2"',
        '    z: "1"',
        'spec:',
        '  b: 1',
        '  a: text',
        '',
      ].join('\n'),
    );
  });

  it('gives the same bytes for the same objects, whatever order their labels were added in', () => {
    const reordered = object();
    reordered.metadata.labels = { alpha: 'a', zeta: 'z' };
    expect(toYaml([object()])).toBe(toYaml([reordered]));
  });

  it('keeps the order the compiler built other keys in, outside Kubernetes objects too', () => {
    expect(toYaml([{ name: 'x', metadata: { labels: { w: '1' } }, steps: [] }])).toBe(
      '---\nname: x\nmetadata:\n  labels:\n    w: "1"\nsteps: []\n',
    );
  });

  it('drops null and undefined, in objects and lists', () => {
    expect(toYaml([{ a: null, b: undefined, c: [1, null, 2], d: 'kept' }])).toBe('---\nc: [1, 2]\nd: kept\n');
  });

  it('quotes strings Go (YAML 1.1) would read as booleans or numbers', () => {
    const yaml = toYaml([{ values: { a: 'yes', b: 'on', c: 'n', d: '10', e: 'off', f: '1e3', g: 'true' } }]);
    expect(yaml).toBe(
      '---\nvalues:\n  a: "yes"\n  b: "on"\n  c: "n"\n  d: "10"\n  e: "off"\n  f: "1e3"\n  g: "true"\n',
    );
  });

  it('never folds long strings and writes multi-line strings as literal blocks', () => {
    const long = `${'word '.repeat(60)}end`;
    const yaml = toYaml([{ long, manifest: 'a: 1\nb: 2\n' }]);
    expect(yaml).toBe(`---\nlong: ${long}\nmanifest: |\n  a: 1\n  b: 2\n`);
  });

  it('writes lists of scalars inline and lists of objects as blocks', () => {
    expect(toYaml([{ verbs: ['get', 'list'], rules: [{ a: 1 }] }])).toBe(
      '---\nverbs: [get, list]\nrules:\n  - a: 1\n',
    );
  });

  it('writes one document per object, each starting with ---, that parse back to the same data', () => {
    const objects = [object(), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }];
    const yaml = toYaml(objects);
    expect(yaml.match(/^---$/gm)).toHaveLength(2);
    expect(parseAllDocuments(yaml).map((document) => document.toJS())).toEqual(
      objects.map((o) => normalize(o)),
    );
    expect(parse(toYaml([object()]).slice(4))).toEqual(object());
  });

  it('refuses values with no stable YAML form, naming where they are', () => {
    expect(() => toYaml([{ when: new Date(0) }])).toThrow(
      'cannot serialize a Date at "when"; only plain objects',
    );
    expect(() => toYaml([{ n: Number.NaN }])).toThrow('cannot serialize the number NaN at "n"');
    expect(() => toYaml([{ f: () => 1 }])).toThrow('cannot serialize a function at "f"');
  });
});
