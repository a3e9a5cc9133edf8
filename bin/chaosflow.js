#!/usr/bin/env node
// The chaosflow CLI, from the bundled library (`npm run build` writes lib/; `npm ci` in a checkout runs it).

// A reader that stops early (`chaosflow hub list | head`) closes the pipe: nothing is wrong, so stop quietly.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const { main } = await import('../lib/cli.js');
process.exitCode = await main(process.argv.slice(2));
