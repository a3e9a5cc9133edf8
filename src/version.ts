import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './package-paths.js';

/** chaosflow's own version, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string })
  .version;
