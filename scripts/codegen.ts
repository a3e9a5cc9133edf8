// Regenerates src/hub/generated/faults.ts from hub/. Run with `npm run codegen`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateFaultModule } from '../src/hub/codegen.js';
import { loadHub } from '../src/hub/load.js';

const target = fileURLToPath(new URL('../src/hub/generated/faults.ts', import.meta.url));
writeFileSync(target, generateFaultModule(loadHub()));
console.log(`wrote ${target}`);
