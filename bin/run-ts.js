#!/usr/bin/env node
// Runs a TypeScript file of this repository (scripts, benchmarks) with the same loader the CLI uses.
import { createJiti } from 'jiti';

const [file] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node bin/run-ts.js <file.ts>');
  process.exit(1);
}
// The script sees its own arguments from process.argv[2] on, as if it were run directly.
process.argv.splice(1, 1);
const jiti = createJiti(import.meta.url);
await jiti.import(new URL(file, `file://${process.cwd()}/`).href);
