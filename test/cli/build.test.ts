import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BUILTIN_HUB_DIR } from '../../src/hub/load.js';
import { CUSTOM_HUB_DIR } from '../helpers.js';
import { runCli, workspace } from './run-cli.js';

const examplesDir = fileURLToPath(new URL('../../examples', import.meta.url));
const goldens = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.yaml'))
  .sort();

describe('chaosflow build', () => {
  it('writes one YAML file per example into --out, each equal to its golden', async () => {
    const out = join(workspace({}), 'dist');
    const run = await runCli('build', examplesDir, '--out', out);
    expect(run.code).toBe(0);
    const written = readdirSync(out).sort();
    expect(written).toHaveLength(goldens.length);
    const byName = new Map(
      goldens.map((golden) => [
        readFileSync(join(examplesDir, golden), 'utf8').match(/^ {2}name: (.+)$/m)?.[1],
        golden,
      ]),
    );
    for (const file of written) {
      const golden = byName.get(file.replace(/\.yaml$/, ''));
      expect(golden, `${file} has a golden`).toBeDefined();
      expect(readFileSync(join(out, file), 'utf8')).toBe(
        readFileSync(join(examplesDir, golden as string), 'utf8'),
      );
    }
    expect(run.stderr).toContain('wrote ');
    expect(run.stderr).toContain(
      'warning: checkout-parallel-stress: faults pod-cpu-hog, pod-memory-hog start privileged helper pods on the target\'s nodes; namespace "litmus" must allow privileged pods (Pod Security Admission level "privileged")\n',
    );
  });

  it('writes every object to stdout with -o -, one object per document', async () => {
    const run = await runCli('build', join(examplesDir, 'nginx-pod-delete.ts'), '-o', '-', '--rbac');
    expect(run.code).toBe(0);
    const kinds = parseAllDocuments(run.stdout).map((document) => document.toJS().kind);
    expect(kinds).toEqual([
      'WorkflowTemplate',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'Role',
      'RoleBinding',
    ]);
  });

  it('emits the kind asked for with --kind', async () => {
    const run = await runCli('build', join(examplesDir, 'nginx-pod-delete.ts'), '--kind', 'workflow');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^---\napiVersion: argoproj.io\/v1alpha1\nkind: Workflow\nmetadata:\n {2}generateName: nginx-pod-delete-\n/,
    );
  });

  it('refuses an unknown --kind with exit 1', async () => {
    const run = await runCli('build', examplesDir, '--kind', 'cronjob');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "error: option '--kind <kind>' argument 'cronjob' is invalid. Allowed choices are template, cluster-template, workflow, cron.",
    );
  });

  it('adds a custom hub with --hub, and refuses a broken one', async () => {
    const run = await runCli('validate', examplesDir, '--hub', CUSTOM_HUB_DIR);
    expect(run.code).toBe(0);
    const broken = await runCli('validate', examplesDir, '--hub', examplesDir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('is not a chaosflow hub: it has no hub.yaml');
  });

  it('refuses a custom hub that redefines a built-in fault, naming both files', async () => {
    const run = await runCli('validate', examplesDir, '--hub', BUILTIN_HUB_DIR);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `fault "container-kill" in ${relative(process.cwd(), join(BUILTIN_HUB_DIR, 'faults/kubernetes/container-kill/fault.yaml'))} is already defined in`,
    );
    expect(run.stderr).toContain('→ rename the custom fault');
  });

  it('exits 2 and asks for a report on an internal error', async () => {
    const dir = workspace({
      'odd.ts':
        "export default { name: 'odd', faults: [{ type: 'fault', fault: 'pod-delete', get tunables() { throw new Error('boom'); } }] };\n",
    });
    const run = await runCli('build', join(dir, 'odd.ts'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^internal error \(a chaosflow bug; please report it with this output\):\nError: boom\n/,
    );
  });
});

describe('chaosflow validate', () => {
  it('checks every example and writes nothing', async () => {
    const run = await runCli('validate', examplesDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ ');
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`${goldens.length} experiments valid`);
  });
});

describe('--help', () => {
  it.each(['', 'build', 'validate', 'run', 'plan', 'report'])(
    'chaosflow %s --help exits 0 and shows an example',
    async (command) => {
      const run = await runCli(...(command === '' ? [] : [command]), '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: chaosflow${command === '' ? '' : ` ${command}`} [options]`);
      expect(run.stdout).toContain('Examples:\n  $ chaosflow ');
    },
  );

  it.each([
    [['deploy'], "unknown command 'deploy'", 'build, validate, hub, init, new, serve, sync'],
    [
      ['deploy', '--help'],
      "unknown command 'deploy'",
      'build, validate, hub, init, new, serve, sync, stop, run, plan, report',
    ],
    [['bulid', 'x.ts'], 'unknown command \'bulid\' (did you mean "build"?)', 'build, validate'],
    [
      ['hub', 'lst', '--help'],
      'unknown command \'hub lst\' (did you mean "list"?)',
      'chaosflow hub are: list, show, types',
    ],
  ])(
    'an unknown command (%j) is a user error naming the commands, with or without --help',
    async (argv, what, names) => {
      const run = await runCli(...argv);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`error: ${what}`);
      expect(run.stderr).toContain(names);
    },
  );

  it('does not leave files behind in the examples directory', () => {
    expect(existsSync(join(examplesDir, 'dist'))).toBe(false);
  });
});
