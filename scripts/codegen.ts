// Regenerates the files derived from hub/, examples/ and the chart's schema: the typed fault builders
// (src/hub/generated/faults.ts), the fault reference (docs/faults.md), the faults and examples the Helm chart
// installs (charts/chaosflow/files/) and the chart's values table. Run with `npm run codegen`; tests fail when
// any of them drifts.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { exampleFiles, faultFiles } from '../src/chart/chart-files.js';
import { valuesTable, withValuesTable } from '../src/chart/values-table.js';
import { generateFaultModule } from '../src/hub/codegen.js';
import { loadHub } from '../src/hub/load.js';
import { faultReference } from '../src/hub/reference.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const chart = join(root, 'charts/chaosflow');
const hub = loadHub();
const readme = readFileSync(join(chart, 'README.md'), 'utf8');
const table = valuesTable(
  JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8')),
  parse(readFileSync(join(chart, 'values.yaml'), 'utf8')),
);
const chartFiles = new Map([...faultFiles(hub), ...(await exampleFiles(join(root, 'examples'), hub))]);

const outputs: [string, string][] = [
  ['src/hub/generated/faults.ts', generateFaultModule(hub)],
  ['docs/faults.md', faultReference(hub)],
  ['charts/chaosflow/README.md', withValuesTable(readme, table)],
  ...[...chartFiles].map(([path, text]): [string, string] => [`charts/chaosflow/${path}`, text]),
];
// Generated directories are written whole, so a fault or example that is gone leaves no file behind.
rmSync(join(chart, 'files'), { recursive: true, force: true });
for (const [path, text] of outputs) {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}
console.log(`wrote ${outputs.length} files`);
