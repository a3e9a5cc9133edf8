import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where chaosflow's own files are. This module is one directory below the package root both as a source
// (src/package-paths.ts) and bundled (lib/*.js), so every path here holds in both.
const HERE = fileURLToPath(new URL('.', import.meta.url));
const BUNDLED = extname(fileURLToPath(import.meta.url)) === '.js';

/** The package's root: a checkout, or the installed package. */
export const PACKAGE_ROOT = join(HERE, '..');

/** The hub shipped with chaosflow. */
export const BUILTIN_HUB_DIR = join(PACKAGE_ROOT, 'hub');

/** The Handlebars templates shipped with chaosflow. */
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** chaosflow's package.json. */
export const PACKAGE_JSON = join(PACKAGE_ROOT, 'package.json');

/** The library's entry point: `src/index.ts` running from sources, `lib/index.js` bundled. */
export const LIBRARY_ENTRY = join(HERE, BUNDLED ? 'index.js' : 'index.ts');

/**
 * The `yaml` library: from sources, the package; bundled, its ES module build bundled beside the library
 * (lib/yaml.js), which loads in a third of the time of the package's CommonJS files.
 */
export const YAML_MODULE = BUNDLED ? join(HERE, 'yaml.js') : 'yaml';

/** The built-in hub parsed at build time, beside the bundle (`npm run build` writes it); sources have none. */
export const BUILTIN_HUB_SNAPSHOT = join(HERE, 'hub-snapshot.json');
