// Start-up benchmark: how long the CLI takes as a user runs it, next to `node -e 0` and `helm template` of our
// chart, measured in one run on one machine. Prints figures, asserts nothing. Run with `npm run bench:startup`
// (after `npm run build`: the CLI runs from lib/). helm comes from the test control plane's binaries
// (`npm run testenv -- up` builds it); without it that line says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_ROOT } from '../env/paths.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'bin', 'chaosflow.js');
const RUNS = 21;

/** Runs a command `RUNS` times (after one warm-up run) and returns the wall-clock times in ms, sorted. */
function time(command: string, args: readonly string[]): number[] {
  const once = () => {
    const start = performance.now();
    const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
    return performance.now() - start;
  };
  once();
  return Array.from({ length: RUNS }, once).sort((a, b) => a - b);
}

const median = (times: readonly number[]) => times[Math.floor(times.length / 2)] ?? 0;

function report(
  label: string,
  times: readonly number[],
  baseline?: { label: string; times: readonly number[] },
) {
  const ratio =
    baseline === undefined
      ? ''
      : `  = ${(median(times) / median(baseline.times)).toFixed(2)} × ${baseline.label}`;
  console.log(
    `${label.padEnd(42)} median ${median(times).toFixed(0).padStart(4)} ms  p90 ${(times[Math.floor(times.length * 0.9)] ?? 0).toFixed(0).padStart(4)} ms${ratio}`,
  );
}

/** The helm binary the test control plane built, if any. */
function helm(): string | undefined {
  if (!existsSync(CACHE_ROOT)) return undefined;
  return readdirSync(CACHE_ROOT)
    .map((entry) => join(CACHE_ROOT, entry, 'bin', 'helm'))
    .find((path) => existsSync(path));
}

console.log(
  `node ${process.version}, ${process.platform}/${process.arch}, ${RUNS} runs each after a warm-up`,
);
const node = { label: 'node -e 0', times: time(process.execPath, ['-e', '0']) };
report(node.label, node.times);
report('chaosflow --version', time(process.execPath, [cli, '--version']), node);
const helmBinary = helm();
const build = time(process.execPath, [cli, 'build', 'examples/nginx-pod-delete.ts']);
if (helmBinary === undefined) {
  console.log('helm template charts/chaosflow: no helm binary (npm run testenv -- up builds one)');
  report('chaosflow build examples/nginx-pod-delete.ts', build);
} else {
  const chart = {
    label: 'helm template',
    times: time(helmBinary, ['template', 'charts/chaosflow', '--kube-version', '1.32.0']),
  };
  report('helm template charts/chaosflow', chart.times);
  report('chaosflow build examples/nginx-pod-delete.ts', build, chart);
}
report('chaosflow validate examples', time(process.execPath, [cli, 'validate', 'examples']));
report('chaosflow hub show pod-delete', time(process.execPath, [cli, 'hub', 'show', 'pod-delete']));
