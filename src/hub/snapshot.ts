import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32 } from 'node:zlib';
import { BUILTIN_HUB_SNAPSHOT } from '../package-paths.js';
import type { Hub, HubFault } from './hub.js';
import { hubFiles } from './hub-files.js';

// The built-in hub, parsed and validated when the package is built (`npm run build`), beside the bundle:
// reading it is JSON.parse, where parsing the hub's 60-odd YAML files costs a command ~40 ms. Only the
// built package has one; its sources (tests) always parse the YAML.

/** What the snapshot file holds: the hub, and the fingerprint of the files it was parsed from. */
interface SnapshotFile {
  readonly fingerprint: string;
  readonly name: string;
  readonly litmusVersion: string;
  /** Each fault with `source` relative to the hub directory, so the package can move. */
  readonly faults: readonly HubFault[];
}

/**
 * Every file of a hub that the loader reads, by path, size and CRC-32 of its content: a snapshot is used only
 * while the hub is what it was parsed from. A checksum is enough to catch edits, and node:zlib loads in a third
 * of the time node:crypto does (1 ms against 3), which `hub` commands would otherwise load for this alone.
 */
function hubFingerprint(dir: string): string {
  return hubFiles(dir)
    .map((file) => {
      const content = existsSync(file) ? readFileSync(file) : undefined;
      const identity = content === undefined ? 'missing' : `${content.length} ${crc32(content)}`;
      return `${relative(dir, file)} ${identity}`;
    })
    .join('\n');
}

/** The snapshot's text for a hub loaded from `dir`. */
export function hubSnapshot(hub: Hub, dir: string): string {
  const file: SnapshotFile = {
    fingerprint: hubFingerprint(dir),
    name: hub.name,
    litmusVersion: hub.litmusVersion,
    faults: [...hub.faults.values()].map((fault) => ({ ...fault, source: relative(dir, fault.source) })),
  };
  return `${JSON.stringify(file)}\n`;
}

/** The hub of `dir` from a snapshot, when there is one and the hub has not changed since; else undefined. */
export function readHubSnapshot(dir: string, snapshot: string = BUILTIN_HUB_SNAPSHOT): Hub | undefined {
  if (!existsSync(snapshot)) return undefined;
  const file = JSON.parse(readFileSync(snapshot, 'utf8')) as SnapshotFile;
  if (file.fingerprint !== hubFingerprint(dir)) return undefined;
  const faults = new Map(
    file.faults.map((fault) => [fault.name, { ...fault, source: join(dir, fault.source) }]),
  );
  return { name: file.name, litmusVersion: file.litmusVersion, faults };
}
