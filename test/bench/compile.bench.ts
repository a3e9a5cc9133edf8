// Compile benchmark: prints figures, asserts nothing. Run with `npm run bench`.
//  - a 200-fault experiment as a sequence (parallel groups of 4) and as a DAG, compiled and serialized;
//  - 200 faults with params in each (a tunable and a probe's url), every combination of whose enum values is
//    checked as the whole experiment is;
//  - every example;
//  - loading and validating the built-in hub (31 faults);
//  - `chaosflow build examples` and `chaosflow hub list` end to end, as a user runs them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileExperiment } from '../../src/compile/compile.js';
import { BUILTIN_HUB_DIR, loadHub, parseHub } from '../../src/hub/load.js';
import { readHubSnapshot } from '../../src/hub/snapshot.js';
import {
  after,
  dag,
  experiment,
  type FaultStep,
  faults,
  parallel,
  param,
  probe,
  target,
} from '../../src/index.js';
import { toYaml } from '../../src/k8s/yaml.js';
import { EXAMPLES_DIR, loadExamples } from '../helpers.js';

const hub = loadHub();
const root = fileURLToPath(new URL('../..', import.meta.url));
const FAULTS = 200;

function faultStep(index: number): FaultStep {
  const name = `fault-${String(index).padStart(3, '0')}`;
  const probes = [
    probe.http({
      name: 'up',
      mode: 'Continuous',
      url: 'http://web.app/healthz',
      method: { get: { criteria: '==', responseCode: 200 } },
      runProperties: { probeTimeout: '2s', interval: '5s', attempt: 2 },
    }),
  ];
  const builders = [
    () => faults.podDelete({ name, probes, tunables: { totalChaosDuration: '30s', chaosInterval: '10s' } }),
    () => faults.podCpuHog({ name, probes, tunables: { cpuLoad: 80, cpuCores: 2 } }),
    () => faults.podMemoryHog({ name, probes, tunables: { memoryConsumption: 256 } }),
    () =>
      faults.podNetworkLatency({
        name,
        probes,
        tunables: { networkLatency: '300ms', destinationHosts: ['db'] },
      }),
    () => faults.containerKill({ name, probes, tunables: { targetContainer: 'app' } }),
  ];
  return (builders[index % builders.length] as () => FaultStep)();
}

const steps = Array.from({ length: FAULTS }, (_, index) => faultStep(index));
const common = { target: target.deployment({ namespace: 'app', labels: { app: 'web' } }) };
const sequenceExperiment = experiment({
  name: 'bench-sequence',
  ...common,
  faults: Array.from({ length: FAULTS / 4 }, (_, group) =>
    parallel(...steps.slice(group * 4, group * 4 + 4)),
  ),
});
const dagExperiment = experiment({
  name: 'bench-dag',
  ...common,
  faults: dag(
    ...steps.map((step, index) => (index < 4 ? step : after([steps[index - 4] as FaultStep], step))),
  ),
});

/** Runs `work` `runs` times and prints the median and fastest time, divided by `items` per run. */
function measure(label: string, runs: number, work: () => number, items = 1): void {
  const times: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    bytes = work();
    times.push((performance.now() - start) / items);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const size = bytes === 0 ? '' : `, ${(bytes / 1024).toFixed(0)} KiB YAML`;
  console.log(
    `${label.padEnd(46)} median ${median.toFixed(1).padStart(6)} ms  min ${(times[0] ?? 0).toFixed(1).padStart(6)} ms  (${runs} runs${size})`,
  );
}

const chaosDuration = param('chaosDuration', {
  default: '30s',
  description: 'How long',
  enum: ['30s', '60s', '120s'],
});
const healthUrl = param('healthUrl', {
  default: 'http://web.app/healthz',
  description: 'What the probes call',
  enum: ['http://web.app/healthz', 'http://web.app/ready', 'http://web.app/live', 'http://web.app/'],
});
const parameterised = experiment({
  name: 'bench-params',
  ...common,
  faults: Array.from({ length: FAULTS }, (_, index) =>
    faults.podDelete({
      name: `fault-${String(index).padStart(3, '0')}`,
      tunables: { totalChaosDuration: chaosDuration },
      probes: [
        probe.http({
          name: 'up',
          mode: 'Continuous',
          url: healthUrl,
          method: { get: { criteria: '==', responseCode: 200 } },
          runProperties: { probeTimeout: '2s', interval: '5s' },
        }),
      ],
    }),
  ),
});

const compileToYaml = (input: unknown) =>
  toYaml(compileExperiment(input, { hub, rbac: true }).objects).length;

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
measure(`${FAULTS}-fault sequence (compile + YAML + RBAC)`, 20, () => compileToYaml(sequenceExperiment));
measure(`${FAULTS}-fault DAG (compile + YAML + RBAC)`, 20, () => compileToYaml(dagExperiment));
measure(`${FAULTS} faults, 2 params, 11 other combinations`, 20, () => compileToYaml(parameterised));

const examples = (await loadExamples()).map(({ experiment }) => experiment);
measure(
  `each of the ${examples.length} examples (compile + YAML + RBAC)`,
  50,
  () => examples.reduce<number>((sum, example) => sum + compileToYaml(example), 0),
  examples.length,
);

measure(`parse the built-in hub's YAML (${hub.faults.size} faults)`, 20, () => {
  parseHub(BUILTIN_HUB_DIR);
  return 0;
});
const snapshot = join(root, 'lib', 'hub-snapshot.json');
if (existsSync(snapshot)) {
  measure('read its build-time snapshot (lib/hub-snapshot.json)', 20, () => {
    readHubSnapshot(BUILTIN_HUB_DIR, snapshot);
    return 0;
  });
} else console.log('no lib/hub-snapshot.json: run `npm run build` to measure reading it');

const out = mkdtempSync(join(tmpdir(), 'chaosflow-bench-'));
measure('chaosflow build examples (new process)', 5, () => {
  execFileSync(process.execPath, [join(root, 'bin/chaosflow.js'), 'build', EXAMPLES_DIR, '--out', out], {
    stdio: 'ignore',
  });
  return 0;
});
rmSync(out, { recursive: true, force: true });
measure('chaosflow hub list (new process)', 5, () => {
  execFileSync(process.execPath, [join(root, 'bin/chaosflow.js'), 'hub', 'list'], { stdio: 'ignore' });
  return 0;
});

console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
