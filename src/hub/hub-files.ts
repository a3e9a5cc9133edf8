import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A fault's directory in a hub: `faults/<category>/<name>/`. */
export interface FaultDirectory {
  readonly path: string;
  readonly category: string;
  readonly name: string;
}

/** The files of a hub directory that describe it: `hub.yaml`. */
export const hubFile = (dir: string) => join(dir, 'hub.yaml');

/** The files of a fault directory: its ChaosExperiment and its tunables. */
export const faultFiles = (dir: FaultDirectory) => ({
  experimentFile: join(dir.path, 'fault.yaml'),
  tunablesFile: join(dir.path, 'tunables.yaml'),
});

/** Every fault directory of a hub, sorted by category and name, so loading never depends on the file system. */
export function faultDirectories(dir: string): FaultDirectory[] {
  const faultsDir = join(dir, 'faults');
  if (!existsSync(faultsDir)) return [];
  return subdirectories(faultsDir).flatMap((category) =>
    subdirectories(join(faultsDir, category)).map((name) => ({
      path: join(faultsDir, category, name),
      category,
      name,
    })),
  );
}

/** Every file the hub loader reads: `hub.yaml`, then each fault's `fault.yaml` and `tunables.yaml`. */
export function hubFiles(dir: string): string[] {
  return [hubFile(dir), ...faultDirectories(dir).flatMap((fault) => Object.values(faultFiles(fault)))];
}

function subdirectories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
