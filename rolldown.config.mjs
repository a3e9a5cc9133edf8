// Bundles the library and the CLI into lib/ (`npm run build`), with the libraries every command loads (zod,
// yaml, commander) inside: one file loads much faster than the hundreds of modules they are made of, and start-up
// is most of a CLI run. The rest stay ordinary dependencies, loaded only by the commands that need them.
// Every chunk is written flat in lib/, one directory below the package root, as src/package-paths.ts expects.
import { readFileSync } from 'node:fs';

const BUNDLED = new Set(['zod', 'yaml', 'commander']);
const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(dependencies).filter((name) => !BUNDLED.has(name));

export default {
  input: { index: 'src/index.ts', cli: 'src/cli/main.ts' },
  platform: 'node',
  external: (id) =>
    id.startsWith('node:') || external.some((name) => id === name || id.startsWith(`${name}/`)),
  output: {
    dir: 'lib',
    format: 'esm',
    sourcemap: true,
    minify: true,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
  },
};
