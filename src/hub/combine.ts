import { join, relative } from 'node:path';
import { formatIssues, HubError } from '../errors.js';
import type { Hub, HubFault } from './hub.js';
import { BUILTIN_HUB_DIR, loadHub } from './load.js';

/**
 * One hub holding the faults of all given hubs, in order. A fault name defined by two hubs is an error
 * naming both files: a custom hub adds faults, it never silently replaces a built-in one.
 */
export function combineHubs(first: Hub, ...rest: readonly Hub[]): Hub {
  if (rest.length === 0) return first;
  const faults = new Map<string, HubFault>(first.faults);
  const clashes: string[] = [];
  for (const fault of rest.flatMap((hub) => [...hub.faults.values()])) {
    const existing = faults.get(fault.name);
    if (existing === undefined) faults.set(fault.name, fault);
    else clashes.push(clash(existing, fault));
  }
  if (clashes.length > 0) {
    throw new HubError(
      `hubs define the same fault twice:\n${formatIssues(
        clashes.map((message) => ({
          path: '',
          message,
          hint: 'rename the custom fault (metadata.name, its directory and tunables.yaml fault:)',
        })),
      )}`,
    );
  }
  const names = [first, ...rest].map((hub) => hub.name);
  return { name: names.join('+'), litmusVersion: first.litmusVersion, faults };
}

function clash(existing: HubFault, duplicate: HubFault): string {
  const file = (fault: HubFault) => relative(process.cwd(), join(fault.source, 'fault.yaml'));
  return `fault "${duplicate.name}" in ${file(duplicate)} is already defined in ${file(existing)}`;
}

/** The built-in hub plus the faults of each custom hub directory, or only the custom ones without it. */
export function loadHubs(customDirs: readonly string[], options: { builtin?: boolean } = {}): Hub {
  const dirs = options.builtin === false ? customDirs : [BUILTIN_HUB_DIR, ...customDirs];
  const [first, ...rest] = dirs.map((dir) => loadHub(dir));
  if (first === undefined) throw new HubError('no hub to load: give at least one hub directory');
  return combineHubs(first, ...rest);
}
