import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR } from '../helpers.js';
import { runCli, workspace } from './run-cli.js';

const IMPORTS =
  "import { after, dag, experiment, fault, faults, parallel, probe, target } from 'chaosflow';\n";
const TARGET = "target: target.deployment({ namespace: 'app', labels: { app: 'web' } })";

/** An experiment file whose `faults` (and any extra props) are given as source text. */
function experimentFile(faultsSource: string, extra = ''): string {
  return `${IMPORTS}export default experiment({ name: 'bad-one', ${TARGET}, ${extra} faults: ${faultsSource} });\n`;
}

interface BadInput {
  readonly what: string;
  readonly source: string;
  readonly args?: readonly string[];
  /** Lines expected in the error output: where (path in the experiment) and what, then how to fix it. */
  readonly where: string;
  readonly fix: string;
}

const BAD_INPUTS: readonly BadInput[] = [
  {
    what: 'unknown tunable',
    source: experimentFile("[faults.podDelete({ tunables: { chaosIntervl: '10s' } as never })]"),
    where:
      'faults[0] (step "pod-delete").tunables.chaosIntervl: unknown tunable "chaosIntervl" for fault pod-delete (did you mean "chaosInterval"?)',
    fix: '→ use one of totalChaosDuration, chaosInterval, force, randomness,',
  },
  {
    what: 'tunable outside tunables',
    source: experimentFile("[faults.podDelete({ totalChaosDuration: '30s' } as never)]"),
    where: 'faults[0] (step "pod-delete"): unknown field "totalChaosDuration"',
    fix: '→ a fault step takes name, tunables, target, weight and probes; put tunables inside tunables: { ... }',
  },
  {
    what: 'faults grouped with a plain array instead of parallel()',
    source: experimentFile('[faults.podDelete(), [faults.podCpuHog(), faults.podMemoryHog()] as never]'),
    where: 'faults[1]: a list inside the sequence of faults',
    fix: '→ to run faults at the same time, group them with parallel(...)',
  },
  {
    what: 'percent out of range',
    source: experimentFile('[faults.podCpuHog({ tunables: { cpuLoad: 150 } })]'),
    where: 'faults[0] (step "pod-cpu-hog").tunables.cpuLoad: 150 is out of range',
    fix: '→ give a whole number from 0 to 100',
  },
  {
    what: 'bad duration',
    source: experimentFile("[faults.podDelete({ tunables: { totalChaosDuration: '30 seconds' as never } })]"),
    where: 'faults[0] (step "pod-delete").tunables.totalChaosDuration: "30 seconds" is not a duration',
    fix: "→ write a whole number and a unit, e.g. '500ms', '30s', '2m' or '1h'",
  },
  {
    what: 'duration that is not a whole number of the unit Litmus reads',
    source: experimentFile("[faults.podDelete({ tunables: { chaosInterval: '1500ms' } })]"),
    where: 'faults[0] (step "pod-delete").tunables.chaosInterval: "1500ms" is not a whole number of seconds',
    fix: "→ Litmus reads this tunable in s; round it, e.g. '2s'",
  },
  {
    what: 'bad cron',
    source: experimentFile('[faults.podDelete()]', "schedule: { cron: '61 * * * *' },"),
    where:
      'schedule.cron: "61 * * * *" is not a valid cron schedule: Constraint error, got value 61 expected range 0-59',
    fix: "→ write five fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * 1-5'",
  },
  {
    what: 'name too long',
    source: `${IMPORTS}export default experiment({ name: '${'a'.repeat(70)}', ${TARGET}, faults: [faults.podDelete()] });\n`,
    where: `name: experiment name "${'a'.repeat(70)}" is 70 characters long; the limit is 63`,
    fix: '→ shorten the experiment name to at most 63 characters',
  },
  {
    what: 'name too long for a CronWorkflow',
    source: `${IMPORTS}export default experiment({ name: '${'c'.repeat(55)}', ${TARGET}, schedule: { cron: '@daily' }, faults: [faults.podDelete()] });\n`,
    where: `name: name "${'c'.repeat(55)}" is 55 characters; a cron name may have at most 52 (Argo appends a timestamp to CronWorkflow runs)`,
    fix: '→ shorten the name to 52 characters or fewer',
  },
  {
    what: 'duplicate step name',
    source: experimentFile('[faults.podDelete(), faults.podDelete()]'),
    where:
      'faults[1] (step "pod-delete"): duplicate step name "pod-delete", already used at faults[0] (step "pod-delete")',
    fix: "→ give one of them a name of its own with the name option, e.g. { name: 'pod-delete-2' }",
  },
  {
    what: 'empty parallel group',
    source: experimentFile('[faults.podDelete(), parallel()]'),
    where: 'faults[1].steps: parallel group is empty',
    fix: '→ put at least one fault in parallel(...), or remove the group',
  },
  {
    what: 'unknown fault',
    source: experimentFile("[fault('pod-delte')]"),
    where: 'faults[0] (step "pod-delte").fault: unknown fault "pod-delte" (did you mean "pod-delete"?)',
    fix: '→ run `chaosflow hub list` for the faults of hub "litmus", or add a custom hub with --hub',
  },
  {
    what: 'target with neither labels nor names',
    source: experimentFile(
      "[faults.podDelete({ target: target.deployment({ namespace: 'app' } as never) })]",
    ),
    where: 'faults[0] (step "pod-delete").target: target has neither labels nor names',
    fix: "→ give exactly one of them, e.g. labels: { app: 'nginx' } or names: ['nginx']",
  },
  {
    what: 'target with two labels (Litmus would OR them)',
    source: experimentFile(
      "[faults.podDelete({ target: target.deployment({ namespace: 'app', labels: { app: 'web', tier: 'front' } }) })]",
    ),
    where:
      'faults[0] (step "pod-delete").target.labels: target has more than one label; Litmus would hit pods matching ANY of them, not all',
    fix: '→ select with one label that only the intended workload carries, or list the workloads by names',
  },
  {
    what: 'http probe without url',
    source: experimentFile(
      "[faults.podDelete({ probes: [probe.http({ name: 'up', mode: 'SOT', method: { get: { criteria: '==', responseCode: 200 } }, runProperties: { probeTimeout: '1s', interval: '1s' } } as never)] })]",
    ),
    where: 'faults[0] (step "pod-delete").probes[0].inputs.url: missing required field "url"',
    fix: '→ add url (string)',
  },
  {
    what: 'weight out of range',
    source: experimentFile('[faults.podDelete({ weight: 11 as never })]'),
    where: 'faults[0] (step "pod-delete").weight: weight 11 is out of range',
    fix: '→ use a whole number from 0 to 10',
  },
  {
    what: 'after() outside a dag',
    source: experimentFile("[faults.podDelete({ name: 'a' }), after('a', faults.podCpuHog())]"),
    where: 'faults[1] (step "pod-cpu-hog").after: after() is only meaningful inside dag()',
    fix: '→ use dag(...) for the faults, or drop after() and order them in the sequence',
  },
  {
    what: 'dependency cycle',
    source: experimentFile(
      "dag(after('b', faults.podDelete({ name: 'a' })), after('a', faults.podCpuHog({ name: 'b' })))",
    ),
    where: 'faults.tasks[0] (step "a").after: dependency cycle: a → b → a',
    fix: '→ remove one of these after() links',
  },
  {
    what: 'cron output without a schedule',
    source: experimentFile('[faults.podDelete()]'),
    args: ['--kind', 'cron'],
    where: 'schedule: a CronWorkflow needs a schedule',
    fix: "→ add schedule: { cron: '0 3 * * *' }, or build another kind",
  },
  {
    what: 'deadline shorter than the chaos it must hold',
    source: experimentFile(
      "[faults.podDelete({ tunables: { totalChaosDuration: '2m' } }), faults.podCpuHog({ tunables: { totalChaosDuration: '90s' } })]",
      "deadline: '3m',",
    ),
    where:
      "deadline: deadline 3m is shorter than the chaos it must hold: the faults' chaos alone takes 210s along the run's longest path",
    fix: "→ give a deadline of at least 210s; 1110s also covers Litmus's start-up and checks, and is what chaosflow uses without one",
  },
  {
    what: 'chaos interval longer than the chaos duration',
    source: experimentFile(
      "[faults.podDelete({ tunables: { totalChaosDuration: '30s', chaosInterval: '5m' } })]",
    ),
    where:
      'faults[0] (step "pod-delete").tunables.chaosInterval: chaosInterval 300s is longer than totalChaosDuration 30s: Litmus would act once, then hold the chaos for the whole interval',
    fix: '→ use a chaosInterval of at most 30s, or a longer totalChaosDuration',
  },
  {
    what: "chaos interval longer than the fault's default duration",
    source: experimentFile("[faults.podDelete({ tunables: { chaosInterval: '1m' } })]"),
    where:
      'faults[0] (step "pod-delete").tunables.chaosInterval: chaosInterval 60s is longer than totalChaosDuration 15s (its default)',
    fix: '→ use a chaosInterval of at most 15s, or a longer totalChaosDuration',
  },
];

describe('bad inputs', () => {
  it.each(BAD_INPUTS)(
    '$what: says where, what and how to fix it, exits 1 and writes nothing',
    async (bad) => {
      const dir = workspace({ 'bad.ts': bad.source });
      const out = join(dir, 'out');
      const run = await runCli('build', join(dir, 'bad.ts'), '--out', out, ...(bad.args ?? []));
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: ${join(dir, 'bad.ts')}: experiment "`);
      expect(run.stderr).toContain(`✖ ${bad.where}`);
      expect(run.stderr).toContain(bad.fix);
      expect(run.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    },
  );

  it('refuses an experiment that breaks --policy, and a policy file that is not one, writing nothing', async () => {
    const dir = workspace({
      'bad.ts': experimentFile('[faults.podDelete({ tunables: { podsAffectedPerc: 80 } })]'),
      'policy.yaml': 'maxAffectedPercent: 50\nforbiddenNamespaces: [app]\n',
      'broken.yaml': 'maxAffectedPercent: [50\n',
    });
    const out = join(dir, 'out');
    const run = await runCli(
      'build',
      join(dir, 'bad.ts'),
      '--out',
      out,
      '--policy',
      join(dir, 'policy.yaml'),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '✖ target.namespace: namespace "app" is forbidden by the policy (forbiddenNamespaces)\n    → run the chaos in, and aim it at, a namespace the policy allows',
    );
    expect(run.stderr).toContain(
      '✖ faults[0] (step "pod-delete").tunables.podsAffectedPerc: podsAffectedPerc 80% is more than the policy\'s maxAffectedPercent of 50%',
    );
    expect(existsSync(out)).toBe(false);
    const broken = await runCli(
      'build',
      join(dir, 'bad.ts'),
      '--out',
      out,
      '--policy',
      join(dir, 'broken.yaml'),
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: .*broken\.yaml is not valid YAML: .*\n {2}→ fix the YAML\n$/s);
    expect(existsSync(out)).toBe(false);
  });

  it('has at least ten distinct cases', () => {
    expect(new Set(BAD_INPUTS.map((bad) => bad.what)).size).toBeGreaterThanOrEqual(10);
  });

  it('reports every problem of an experiment at once', async () => {
    const faultsSource =
      "[faults.podCpuHog({ tunables: { cpuLoad: 150, totalChaosDuration: '1 min' as never, cores: 2 } as never }), fault('pod-kill')]";
    const dir = workspace({ 'bad.ts': experimentFile(faultsSource) });
    const run = await runCli('validate', join(dir, 'bad.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr.match(/✖/g)).toHaveLength(4);
  });

  it("reports a tunable's problem even when the experiment's structure is wrong too", async () => {
    const dir = workspace({
      'bad.ts': experimentFile(
        '[faults.podCpuHog({ weight: 11 as never, tunables: { cpuLoad: 150 as never } })]',
      ),
    });
    const run = await runCli('validate', join(dir, 'bad.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✖ faults[0] (step "pod-cpu-hog").weight: weight 11 is out of range');
    expect(run.stderr).toContain('✖ faults[0] (step "pod-cpu-hog").tunables.cpuLoad: 150 is out of range');
  });

  it('warns that a scheduled experiment built as a template loses its schedule', async () => {
    const scheduled = `${IMPORTS}export default experiment({ name: 'nightly', ${TARGET}, schedule: { cron: '0 3 * * *' }, faults: [faults.podDelete()] });\n`;
    const dir = workspace({ 'nightly.ts': scheduled });
    const run = await runCli('build', join(dir, 'nightly.ts'), '--kind', 'template');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'warning: nightly: its schedule (0 3 * * *) is left out: a WorkflowTemplate has none; build it with --kind cron (the default for a scheduled experiment) to run it on schedule',
    );
    const asCron = await runCli('build', join(dir, 'nightly.ts'));
    expect(asCron.stderr).not.toContain('is left out');
  });

  it('writes nothing when one of several experiments is invalid', async () => {
    const good = `${IMPORTS}export default experiment({ name: 'good-one', ${TARGET}, faults: [faults.podDelete()] });\n`;
    const dir = workspace({
      'a-good.ts': good,
      'b-bad.ts': experimentFile('[faults.podDelete({ weight: 11 as never })]'),
    });
    const out = join(dir, 'out');
    const run = await runCli('build', dir, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('b-bad.ts: experiment "bad-one" is invalid');
    expect(existsSync(out)).toBe(false);
  });

  it('names the file that cannot be loaded', async () => {
    const dir = workspace({
      'broken.ts': `${IMPORTS}export default experiment({ name: 'x', faults: [faults.nope()] });\n`,
    });
    const run = await runCli('build', join(dir, 'broken.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${join(dir, 'broken.ts')}: cannot load the experiment file: `);
    expect(run.stderr).toContain('faults.nope is not a function');
  });

  it('names a file that exports no experiment', async () => {
    const dir = workspace({ 'empty.ts': 'export const nothing = 1;\n' });
    const run = await runCli('validate', join(dir, 'empty.ts'));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: ${join(dir, 'empty.ts')}: exports no experiment\n  → add \`export default experiment({ ... })\`\n`,
    );
  });

  it('skips, with a note, a file in a directory that exports no experiment, such as shared helpers', async () => {
    const helper =
      "import { target } from 'chaosflow';\nexport const web = target.deployment({ namespace: 'app', labels: { app: 'web' } });\n";
    const user = `${IMPORTS}import { web } from './common.ts';\nexport default experiment({ name: 'uses-helper', target: web, faults: [faults.podDelete()] });\n`;
    const dir = workspace({ 'common.ts': helper, 'uses-helper.ts': user });
    const run = await runCli('validate', dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`note: skipped ${join(dir, 'common.ts')}: it exports no experiment\n`);
    expect(run.stdout).toContain('1 experiment valid');
  });

  it('refuses a directory where no file exports an experiment', async () => {
    const dir = workspace({ 'common.ts': 'export const nothing = 1;\n' });
    const run = await runCli('build', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: no experiments found in ${join(dir, 'common.ts')}\n  → add \`export default experiment({ ... })\` to an experiment file\n`,
    );
  });

  it('refuses a path that does not exist', async () => {
    const run = await runCli('build', '/nonexistent/experiments');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: /nonexistent/experiments: no such file or directory\n  → give an experiment file (.ts) or a directory of them\n',
    );
  });

  it('refuses two experiments with the same name, which would overwrite each other', async () => {
    const same = `${IMPORTS}export default experiment({ name: 'twin', ${TARGET}, faults: [faults.podDelete()] });\n`;
    const dir = workspace({ 'one.ts': same, 'two.ts': same });
    const run = await runCli('build', dir, '--out', join(dir, 'out'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('two.ts: experiment name "twin" is also used in');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('bad input to run, report and plan, refused before any cluster is asked', () => {
  const nginx = join(EXAMPLES_DIR, 'nginx-pod-delete.ts');
  // No kubeconfig at all: a command that reached for the cluster would fail on that instead.
  const saved = process.env.KUBECONFIG;
  beforeEach(() => {
    process.env.KUBECONFIG = '/nonexistent/kubeconfig';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  });
  it.each<[readonly string[], string]>([
    [
      ['run'],
      'error: nothing to run\n  → give an experiment file, workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME, or --follow <run>\n',
    ],
    [
      [nginx, '--follow', 'litmus/x'],
      `error: both ${nginx} and --follow litmus/x given\n  → start a run, or follow one\n`,
    ],
    [
      [nginx, '-p', 'x=1'],
      'error: -p x: experiment nginx-pod-delete- has no parameter x (it has: chaosDuration)\n  → pass only the parameters it declares\n',
    ],
    [[nginx, '-p', 'x'], 'error: -p x: not name=value\n  → for example -p appLabel=app=checkout\n'],
    [
      [nginx, '--report', 'xml=out.xml'],
      'error: --report xml=out.xml: not FORMAT=FILE with FORMAT one of junit, json, md\n  → for example --report junit=chaos.xml,md=chaos.md\n',
    ],
    [['cronwf/'], 'error: cronwf/ names no cronworkflow\n  → write cronwf/<name>\n'],
  ])('chaosflow run %j', async (args, stderr) => {
    const run = await runCli('run', ...(args[0] === 'run' ? [] : args));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(stderr);
  });

  it('plan refuses a -p flag that is not name=value, as run does', async () => {
    const run = await runCli('plan', nginx, '-p', 'appLabel');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: -p appLabel: not name=value\n  → for example -p appLabel=app=checkout\n');
  });

  it.each<[readonly string[], string]>([
    [
      ['-p', 'chaosDuration=45'],
      'error: -p chaosDuration=45: not one of 30, 60, 120\n  → give a value the param takes, as its submit form shows it\n',
    ],
    [
      ['-p', 'duration=60'],
      'error: -p duration: not a parameter of the experiment (it has: appNamespace, appKind, appLabel, chaosDuration)\n  → pass only the parameters it declares\n',
    ],
  ])('plan refuses %j: a value a run could not be given', async (args, stderr) => {
    const run = await runCli('plan', nginx, ...args);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(stderr);
  });

  it('plan names the experiments of a file when the one asked for is not there', async () => {
    const run = await runCli('plan', nginx, '--experiment', 'nope', '--cluster');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: no experiment nope in ${relative(process.cwd(), nginx)}: nginx-pod-delete\n  → choose one with --experiment <name>\n`,
    );
  });
});
