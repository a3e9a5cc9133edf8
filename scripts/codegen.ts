// Regenerates the files derived from hub/: the typed fault builders (src/hub/generated/faults.ts) and the
// fault reference (docs/faults.md). Run with `npm run codegen`; tests fail when either drifts from hub/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFaultModule } from '../src/hub/codegen.js';
import { loadHub } from '../src/hub/load.js';
import { faultReference } from '../src/hub/reference.js';

const hub = loadHub();
const outputs = [
  ['../src/hub/generated/faults.ts', generateFaultModule(hub)],
  ['../docs/faults.md', faultReference(hub)],
] as const;
for (const [path, text] of outputs) {
  const target = fileURLToPath(new URL(path, import.meta.url));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
