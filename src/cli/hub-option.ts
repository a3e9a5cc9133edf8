import { Option } from 'commander';
import type { Hub } from '../hub/hub.js';
import { loadHub } from '../hub/load.js';

/** `--hub <dir>`: compile against another hub directory instead of the built-in one. */
export function hubOption(): Option {
  return new Option('--hub <dir>', 'hub directory to compile against (default: the built-in Litmus hub)');
}

/** The hub named by `--hub`, or the built-in one. */
export function loadHubOption(dir: string | undefined): Hub {
  return dir === undefined ? loadHub() : loadHub(dir);
}
