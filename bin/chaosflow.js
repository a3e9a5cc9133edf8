#!/usr/bin/env node
// The chaosflow CLI. Runs the TypeScript sources through jiti, the loader that also loads users'
// experiment files, so neither needs a compile step.
import { createJiti } from 'jiti';

// A reader that stops early (`chaosflow hub list | head`) closes the pipe: nothing is wrong, so stop quietly.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const jiti = createJiti(import.meta.url);
const { main } = await jiti.import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
