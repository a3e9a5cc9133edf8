import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_HUB_DIR, parseHub } from '../../src/hub/load.js';
import { hubSnapshot, readHubSnapshot } from '../../src/hub/snapshot.js';

describe('the built-in hub snapshot', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'chaosflow-snapshot-'));
  const snapshot = join(scratch, 'builtin-hub.json');
  writeFileSync(snapshot, hubSnapshot(parseHub(BUILTIN_HUB_DIR), BUILTIN_HUB_DIR));

  it('gives back exactly the hub its YAML files give', () => {
    expect(readHubSnapshot(BUILTIN_HUB_DIR, snapshot)).toEqual(parseHub(BUILTIN_HUB_DIR));
  });

  it('gives nothing once a file of the hub changed, so a stale snapshot is never used', () => {
    const copy = join(scratch, 'hub');
    cpSync(BUILTIN_HUB_DIR, copy, { recursive: true });
    expect(readHubSnapshot(copy, snapshot)).toBeDefined();
    const tunables = join(copy, 'faults', 'kubernetes', 'pod-delete', 'tunables.yaml');
    writeFileSync(tunables, `${readFileSync(tunables, 'utf8')}\n`);
    expect(readHubSnapshot(copy, snapshot)).toBeUndefined();
  });

  it('gives nothing after an edit that keeps the size of the file, or a fault added', () => {
    const sameSize = join(scratch, 'same-size');
    cpSync(BUILTIN_HUB_DIR, sameSize, { recursive: true });
    const fault = join(sameSize, 'faults', 'kubernetes', 'pod-delete', 'fault.yaml');
    const text = readFileSync(fault, 'utf8');
    const edited = text.replace('pod-delete', 'pod-delet3');
    expect(edited.length).toBe(text.length);
    writeFileSync(fault, edited);
    expect(readHubSnapshot(sameSize, snapshot)).toBeUndefined();

    const added = join(scratch, 'added');
    cpSync(BUILTIN_HUB_DIR, added, { recursive: true });
    cpSync(
      join(added, 'faults', 'kubernetes', 'pod-delete'),
      join(added, 'faults', 'kubernetes', 'pod-delete-2'),
      {
        recursive: true,
      },
    );
    expect(readHubSnapshot(added, snapshot)).toBeUndefined();
  });

  it('gives nothing where there is no snapshot', () => {
    expect(readHubSnapshot(BUILTIN_HUB_DIR, join(scratch, 'missing.json'))).toBeUndefined();
  });
});
