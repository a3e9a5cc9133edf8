import { lazyModule } from './lazy.js';
import { YAML_MODULE } from './package-paths.js';

/**
 * The `yaml` library, loaded on first use: chaosflow writes nearly every scalar of an experiment itself
 * (k8s/yaml-shortcuts.ts) and reads the built-in hub from a JSON snapshot, so most builds never call it.
 */
export const yamlLibrary = lazyModule<typeof import('yaml')>(YAML_MODULE);
