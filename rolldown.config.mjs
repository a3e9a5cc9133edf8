// Bundles the library and the CLI into lib/ (`npm run build`), with the libraries every command loads (zod,
// commander) inside: one file loads much faster than the hundreds of modules they are made of, and start-up is
// most of a CLI run. `yaml` is its own entry, lib/yaml.js, from its ES module build (same code as its CommonJS
// one, tree-shaken and without the CommonJS wrapper), which src/yaml-library.ts loads only when it is called.
// The rest stay ordinary dependencies, loaded only by the commands that need them.
// Every chunk is written flat in lib/, one directory below the package root, as src/package-paths.ts expects.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUNDLED = new Set(['zod', 'yaml', 'commander']);
const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(dependencies).filter((name) => !BUNDLED.has(name));
const yamlModuleBuild = fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url));

export default {
  input: { index: 'src/index.ts', cli: 'src/cli/main.ts', yaml: 'yaml' },
  platform: 'node',
  resolve: { alias: { yaml: yamlModuleBuild } },
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
