import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exampleFiles, faultFiles } from '../../src/chart/chart-files.js';
import { EXAMPLES_DIR, hub, LITMUS_KUBERNETES_FAULTS } from '../helpers.js';
import { CHART_DIR } from './chart-dir.js';

const expected = new Map([...faultFiles(hub()), ...(await exampleFiles(EXAMPLES_DIR, hub()))]);

describe("the chart's files/", () => {
  const onDisk = ['faults', 'examples'].flatMap((dir) =>
    readdirSync(join(CHART_DIR, 'files', dir)).map((file) => `files/${dir}/${file}`),
  );

  it('holds exactly what codegen writes; run `npm run codegen` after changing the hub or an example', () => {
    expect(onDisk.sort()).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) expect(readFileSync(join(CHART_DIR, path), 'utf8'), path).toBe(text);
  });

  it('has every fault of the hub as its ChaosExperiment, without a namespace for the chart to set', () => {
    const faults = [...expected.keys()].filter((path) => path.startsWith('files/faults/'));
    expect(faults.map((path) => path.slice('files/faults/'.length, -'.yaml'.length)).sort()).toEqual(
      [...LITMUS_KUBERNETES_FAULTS].sort(),
    );
    const podDelete = parseAllDocuments(expected.get('files/faults/pod-delete.yaml') ?? '')[0]?.toJS();
    expect(podDelete).toMatchObject({ kind: 'ChaosExperiment', metadata: { name: 'pod-delete' } });
    expect(podDelete.metadata.namespace).toBeUndefined();
  });

  it('writes an object several examples share once, so one Helm release can hold them all', () => {
    const keys = [...expected]
      .filter(([path]) => path.startsWith('files/examples/'))
      .flatMap(([, text]) => parseAllDocuments(text).map((document) => document.toJS()))
      .map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`);
    expect(keys.filter((key) => key === 'ServiceAccount/litmus/argo-chaos')).toHaveLength(1);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((key) => key.startsWith('WorkflowTemplate/'))).toHaveLength(7);
  });
});
