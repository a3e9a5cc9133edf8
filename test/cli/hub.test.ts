import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_HUB_DIR, EXAMPLES_DIR, LITMUS_KUBERNETES_FAULTS } from '../helpers.js';
import { runCli, workspace } from './run-cli.js';

describe('chaosflow hub list', () => {
  it('lists the 31 Litmus kubernetes faults under their Litmus names as JSON', async () => {
    const run = await runCli('hub', 'list', '--json');
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { name: string; category: string; tunables: unknown[] }[];
    expect(listed.map((fault) => fault.name)).toEqual(LITMUS_KUBERNETES_FAULTS);
    expect(new Set(listed.map((fault) => fault.category))).toEqual(new Set(['kubernetes']));
    expect(listed.every((fault) => fault.tunables.length > 0)).toBe(true);
  });

  it('adds the faults of a custom hub, and filters by category', async () => {
    const run = await runCli('hub', 'list', '--hub', CUSTOM_HUB_DIR, '--category', 'data');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'NAME         CATEGORY  SCOPE       NEEDS  SUMMARY',
        'redis-flush  data      Namespaced  -      Flushes every key of the target Redis pods.',
        '',
      ].join('\n'),
    );
  });

  it('prints one row per fault with what it needs from the cluster', async () => {
    const run = await runCli('hub', 'list');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME +CATEGORY +SCOPE +NEEDS +SUMMARY$/);
    expect(lines.find((line) => line.startsWith('node-restart '))).toMatch(
      /^node-restart +kubernetes +Cluster +secret id-rsa, cluster-wide +\S/,
    );
    expect(lines.find((line) => line.startsWith('pod-delete '))).toMatch(
      /^pod-delete +kubernetes +Namespaced +- +/,
    );
  });

  it('refuses an unknown category, listing the known ones', async () => {
    const run = await runCli('hub', 'list', '--category', 'kubernets');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: no fault has category "kubernets" (did you mean "kubernetes"?)\n  → categories: kubernetes\n',
    );
  });
});

describe('chaosflow hub show', () => {
  it("prints a fault's needs and a table of its tunables with type, default and meaning", async () => {
    const run = await runCli('hub', 'show', 'redis-flush', '--hub', CUSTOM_HUB_DIR);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'redis-flush (data, Namespaced)',
        'Flushes every key of the target Redis pods.',
        '',
        'image: registry.example.com/chaos/redis-flush:1.0.0',
        'needs: nothing beyond its namespaced service account',
        '',
        'TUNABLE             TYPE                DEFAULT  DESCRIPTION',
        "totalChaosDuration  duration (s)        '60s'    How long the chaos lasts. (TOTAL_CHAOS_DURATION)",
        "rampTime            duration (s)        '0s'     Time to wait before injecting and after reverting chaos. (RAMP_TIME)",
        'targetPods          list of strings              Names of the pods to hit, instead of picking them from the target',
        '                                                 workload. (TARGET_PODS)',
        "podsAffectedPerc    percentage (0–100)  0        Share of the target workload's pods to hit, rounded down but at least",
        '                                                 one pod (0 means one pod). (PODS_AFFECTED_PERC)',
        '',
      ].join('\n'),
    );
  });

  it('gives the same as JSON, with the typed details', async () => {
    const run = await runCli('hub', 'show', 'pod-dns-spoof', '--json');
    expect(run.code).toBe(0);
    const fault = JSON.parse(run.stdout);
    expect(fault).toMatchObject({
      name: 'pod-dns-spoof',
      scope: 'Namespaced',
      needs: ['runtime socket', 'privileged'],
      image: 'litmuschaos.docker.scarf.sh/litmuschaos/go-runner:3.28.0',
    });
    expect(fault.tunables.find((tunable: { env: string }) => tunable.env === 'SPOOF_MAP')).toMatchObject({
      name: 'spoofMap',
      type: 'json',
      typeLabel: 'JSON map of strings',
    });
  });

  it('gives defaults as the JSON values the DSL takes, and as TypeScript for display', async () => {
    const run = await runCli('hub', 'show', 'pod-delete', '--json');
    const byName = Object.fromEntries(
      (JSON.parse(run.stdout).tunables as { name: string; default?: unknown; defaultSource?: string }[]).map(
        (tunable) => [tunable.name, [tunable.default, tunable.defaultSource]],
      ),
    );
    expect(byName.totalChaosDuration).toEqual(['15s', "'15s'"]);
    expect(byName.force).toEqual([true, 'true']);
    expect(byName.podsAffectedPerc).toEqual([0, '0']);
    const cpu = await runCli('hub', 'show', 'pod-cpu-hog', '--json');
    const cores = JSON.parse(cpu.stdout).tunables.find(
      (tunable: { name: string }) => tunable.name === 'cpuCores',
    );
    expect(cores.default).toBe(1);
  });

  it('suggests the closest name for an unknown fault', async () => {
    const run = await runCli('hub', 'show', 'pod-delet');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: no fault named "pod-delet" in the hub (did you mean "pod-delete"?)\n  → run `chaosflow hub list` to see every fault\n',
    );
  });

  it('names the file and field of a broken custom hub', async () => {
    const run = await runCli('hub', 'show', 'pod-delete', '--hub', `${CUSTOM_HUB_DIR}/faults`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not a chaosflow hub: it has no hub.yaml');
  });
});

describe('chaosflow hub types', () => {
  it('generates typed builders for the custom hubs only, importing from chaosflow', async () => {
    const run = await runCli('hub', 'types', '--hub', CUSTOM_HUB_DIR, '-o', '-');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "import { type Duration, type Percentage, type FaultOptions, type FaultStep, fault } from 'chaosflow';",
    );
    expect(run.stdout).toContain('export const hubFaults = {\n  redisFlush,\n} as const;');
    expect(run.stdout).not.toContain('podDelete');
  });

  it('needs at least one custom hub', async () => {
    const run = await runCli('hub', 'types', '-o', '-');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: give the custom hubs to generate builders for\n  → add --hub <dir>\n');
  });
});

describe('a broken custom hub', () => {
  it('is refused by every command, with each broken file and field', async () => {
    const hubDir = join(workspace({}), 'hub');
    cpSync(CUSTOM_HUB_DIR, hubDir, { recursive: true });
    const edit = (file: string, from: string, to: string) => {
      const path = join(hubDir, 'faults/data/redis-flush', file);
      writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
    };
    edit('tunables.yaml', 'type: duration', 'type: time');
    edit('fault.yaml', '  name: redis-flush\n', '  name: 42\n');
    const expected = [
      `error: hub ${hubDir} is invalid:`,
      '  ✖ faults/data/redis-flush/fault.yaml: metadata.name: expected string, got number',
      '    → give a string',
      '  ✖ faults/data/redis-flush/tunables.yaml: tunables[0].type: "time" is not a known type',
      '    → use one of "duration", "integer", "percentage", "boolean", "enum", "string", "list", "json", "image"',
      '',
    ].join('\n');
    for (const command of [
      ['hub', 'list'],
      ['hub', 'show', 'pod-delete'],
      ['validate', EXAMPLES_DIR],
    ]) {
      const run = await runCli(...command, '--hub', hubDir);
      expect(run.code, command.join(' ')).toBe(1);
      expect(run.stderr, command.join(' ')).toBe(expected);
    }
  });
});
