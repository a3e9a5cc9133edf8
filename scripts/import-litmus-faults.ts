// Copies the Litmus hub's ChaosExperiments into hub/faults/<category>/ from a checkout of
// litmuschaos/chaos-charts at a release tag, with a header naming the source. Tunables are not imported:
// Litmus ships them untyped, so tunables.yaml is written by hand from litmus-go's code.
//
//   git clone --branch 3.28.0 --depth 1 https://github.com/litmuschaos/chaos-charts /tmp/chaos-charts
//   node bin/run-ts.js scripts/import-litmus-faults.ts /tmp/chaos-charts 3.28.0 [category]
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [chartsDir, release, category = 'kubernetes'] = process.argv.slice(2);
if (chartsDir === undefined || release === undefined) {
  console.error('usage: import-litmus-faults.ts <chaos-charts checkout> <release, e.g. 3.28.0> [category]');
  process.exit(1);
}
const sourceDir = join(chartsDir, 'faults', category);
const targetDir = fileURLToPath(new URL(`../hub/faults/${category}`, import.meta.url));
const faults = readdirSync(sourceDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(sourceDir, entry.name, 'fault.yaml')))
  .map((entry) => entry.name)
  .sort();
for (const fault of faults) {
  const upstream = readFileSync(join(sourceDir, fault, 'fault.yaml'), 'utf8').replace(/^---\n/, '');
  const header = `# ${fault}: the Litmus ${release} hub ChaosExperiment, as shipped (litmuschaos/chaos-charts faults/${category}/${fault}/fault.yaml, Apache-2.0).\n`;
  mkdirSync(join(targetDir, fault), { recursive: true });
  writeFileSync(join(targetDir, fault, 'fault.yaml'), header + upstream);
}
console.log(`imported ${faults.length} ${category} faults from ${sourceDir}`);
