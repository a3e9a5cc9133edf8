import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubError } from '../../src/errors.js';
import { BUILTIN_HUB_DIR, loadHub } from '../../src/hub/load.js';
import { LITMUS_KUBERNETES_FAULTS } from '../helpers.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built-in hub to break. */
function hubCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-hub-'));
  made.push(dir);
  cpSync(BUILTIN_HUB_DIR, dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function loadError(dir: string): string {
  try {
    loadHub(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return (error as Error).message;
  }
  throw new Error('the hub loaded, but should not have');
}

const POD_DELETE = 'faults/kubernetes/pod-delete';

describe('the built-in hub', () => {
  it('loads the 31 Litmus kubernetes faults with typed tunables, defaults taken from the ChaosExperiments', () => {
    const hub = loadHub();
    expect([...hub.faults.keys()]).toEqual(LITMUS_KUBERNETES_FAULTS);
    expect(hub.litmusVersion).toBe('3.28.0');
    const podDelete = hub.faults.get('pod-delete');
    expect(podDelete?.tunables.find((t) => t.name === 'totalChaosDuration')).toMatchObject({
      env: 'TOTAL_CHAOS_DURATION',
      type: 'duration',
      unit: 's',
      default: '15',
    });
    expect(podDelete?.tunables.find((t) => t.name === 'podsAffectedPerc')?.default).toBeUndefined();
    expect(podDelete?.scope).toBe('Namespaced');
    expect(hub.faults.get('container-kill')?.runtimeSocket).toBe(true);
  });

  it('knows which faults need host access, Secrets or cluster-wide permissions', () => {
    const faults = [...loadHub().faults.values()];
    const names = (keep: (fault: (typeof faults)[number]) => boolean) =>
      faults.filter(keep).map((fault) => fault.name);
    expect(names((fault) => fault.scope === 'Cluster')).toEqual([
      'docker-service-kill',
      'kubelet-service-kill',
      'node-cpu-hog',
      'node-drain',
      'node-io-stress',
      'node-memory-hog',
      'node-poweroff',
      'node-restart',
      'node-taint',
      'pod-autoscaler',
    ]);
    expect(names((fault) => fault.secrets.length > 0)).toEqual(['node-poweroff', 'node-restart']);
    expect(names((fault) => fault.privileged && !fault.runtimeSocket)).toEqual([
      'docker-service-kill',
      'kubelet-service-kill',
    ]);
    expect(names((fault) => !fault.privileged && fault.scope === 'Namespaced')).toEqual([
      'pod-cpu-hog-exec',
      'pod-delete',
      'pod-memory-hog-exec',
      'pod-network-partition',
    ]);
  });
});

describe('broken hubs', () => {
  it('names the file and field of a missing field', () => {
    const dir = hubCopy();
    edit(dir, `${POD_DELETE}/tunables.yaml`, (text) =>
      text.replace('summary: Deletes pods', 'sumary: Deletes pods'),
    );
    const message = loadError(dir);
    expect(message).toContain(`${POD_DELETE}/tunables.yaml: summary: missing required field "summary"`);
    expect(message).toContain(`${POD_DELETE}/tunables.yaml: unknown field "sumary"`);
  });

  it('names the file and field of a value of the wrong type', () => {
    const dir = hubCopy();
    edit(dir, 'faults/kubernetes/pod-cpu-hog/tunables.yaml', (text) => text.replace('min: 0', 'min: zero'));
    expect(loadError(dir)).toContain(
      'faults/kubernetes/pod-cpu-hog/tunables.yaml: tunables[1].min: expected number, got string',
    );
  });

  it('refuses an unknown tunable type, listing the known ones', () => {
    const dir = hubCopy();
    edit(dir, `${POD_DELETE}/tunables.yaml`, (text) => text.replace('type: boolean', 'type: flag'));
    expect(loadError(dir)).toMatch(
      /pod-delete\/tunables\.yaml: tunables\[2\]\.type: .*"flag".*\n.*→ use one of "duration", "integer", "percentage", "boolean", "enum", "string", "list", "json"/,
    );
  });

  it('refuses a fault defined twice', () => {
    const dir = hubCopy();
    cpSync(join(dir, POD_DELETE), join(dir, 'faults/extra/pod-delete'), { recursive: true });
    expect(loadError(dir)).toContain(
      'faults/kubernetes/pod-delete/fault.yaml: metadata.name: duplicate fault "pod-delete", also defined in faults/extra/pod-delete',
    );
  });

  it('reports bad YAML with its line', () => {
    const dir = hubCopy();
    edit(dir, `${POD_DELETE}/fault.yaml`, (text) =>
      text.replace('kind: ChaosExperiment', 'kind: [ChaosExperiment'),
    );
    expect(loadError(dir)).toMatch(/faults\/kubernetes\/pod-delete\/fault\.yaml: bad YAML: .* at line \d+/);
  });

  it('refuses an image that is not pinned to a release', () => {
    const dir = hubCopy();
    edit(dir, `${POD_DELETE}/fault.yaml`, (text) => text.replace('go-runner:3.28.0', 'go-runner:latest'));
    expect(loadError(dir)).toContain(
      `${POD_DELETE}/fault.yaml: spec.definition.image: image "litmuschaos.docker.scarf.sh/litmuschaos/go-runner:latest" is not pinned`,
    );
  });

  it('refuses an env var of the ChaosExperiment that has no typed metadata', () => {
    const dir = hubCopy();
    edit(dir, `${POD_DELETE}/tunables.yaml`, (text) =>
      text.replace(/ {2}- env: FORCE\n( {4}.*\n)+?(?= {2}- env)/, ''),
    );
    expect(loadError(dir)).toContain(
      `${POD_DELETE}/fault.yaml: spec.definition.env.FORCE: env var FORCE has no typed metadata\n    → add an entry with env: FORCE to tunables.yaml`,
    );
  });

  it('refuses a shipped default that does not fit the tunable type', () => {
    const dir = hubCopy();
    edit(dir, 'faults/kubernetes/pod-cpu-hog/tunables.yaml', (text) =>
      text.replace('env: CPU_LOAD\n    type: percentage', 'env: CPU_LOAD\n    type: boolean'),
    );
    expect(loadError(dir)).toContain(
      'default "100" of CPU_LOAD is not a valid boolean: expected true or false, got "100"',
    );
  });

  it('refuses a directory without hub.yaml, saying what a hub looks like', () => {
    const dir = hubCopy();
    rmSync(join(dir, 'hub.yaml'));
    expect(loadError(dir)).toContain('is not a chaosflow hub: it has no hub.yaml');
  });

  it('refuses a hub without faults', () => {
    const dir = hubCopy();
    rmSync(join(dir, 'faults'), { recursive: true });
    expect(loadError(dir)).toContain(
      '✖ faults: the hub has no faults\n    → add faults/<category>/<fault>/ with fault.yaml and tunables.yaml',
    );
  });

  it('reports every broken fault at once, not just the first', () => {
    const dir = hubCopy();
    edit(dir, `${POD_DELETE}/tunables.yaml`, (text) =>
      text.replace('fault: pod-delete', 'fault: pod-remove'),
    );
    edit(dir, 'faults/kubernetes/container-kill/fault.yaml', (text) =>
      text.replace('scope: Namespaced', 'scope: Everywhere'),
    );
    const message = loadError(dir);
    expect(message).toContain(
      'pod-delete/tunables.yaml: fault: says "pod-remove" but fault.yaml defines "pod-delete"',
    );
    expect(message).toContain(
      'container-kill/fault.yaml: spec.definition.scope: "Everywhere" is not allowed',
    );
  });
});
