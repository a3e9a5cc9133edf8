import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ValidationError } from '../src/errors.js';
import type { Hub } from '../src/hub/hub.js';
import { loadHub } from '../src/hub/load.js';
import type { KubeObject, Template, WorkflowSpec } from '../src/k8s/objects.js';

let builtin: Hub | undefined;

/** The built-in hub, loaded once per test file. */
export function hub(): Hub {
  builtin ??= loadHub();
  return builtin;
}

/** The WorkflowSpec inside a compiled Workflow, WorkflowTemplate or CronWorkflow. */
export function specOf(object: KubeObject): WorkflowSpec {
  const spec = object.spec as Record<string, unknown>;
  return (object.kind === 'CronWorkflow' ? spec.workflowSpec : spec) as WorkflowSpec;
}

/** The template called `name`; fails the test if there is none. */
export function templateOf(spec: WorkflowSpec, name: string): Template {
  const template = spec.templates.find((candidate) => candidate.name === name);
  if (template === undefined)
    throw new Error(`no template ${name}; have ${spec.templates.map((t) => t.name).join(', ')}`);
  return template;
}

/** The issues a build refuses with, as `path: message` lines; none when it builds. */
export function refusals(build: () => unknown): string[] {
  try {
    build();
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
}

/** The ChaosEngine a compiled experiment's step creates, parsed from its manifest. */
// biome-ignore lint/suspicious/noExplicitAny: a manifest's shape is what each test asserts on
export function engineOf(object: KubeObject | undefined, step: string): any {
  if (object === undefined) throw new Error('nothing compiled');
  return parse(templateOf(specOf(object), `engine-${step}`).resource?.manifest ?? '');
}

/** The examples directory. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../examples', import.meta.url));

/** A small custom hub (one fault, `redis-flush`), made with `chaosflow new fault`. */
export const CUSTOM_HUB_DIR = fileURLToPath(new URL('./fixtures/custom-hub', import.meta.url));

/** An example file and the experiment it exports by default. */
export interface Example {
  /** File name, e.g. `nginx-pod-delete.ts`. */
  readonly file: string;
  readonly experiment: unknown;
}

/** The example files (`*.ts`), in name order. */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

/** Every example experiment, in file-name order. */
export async function loadExamples(): Promise<Example[]> {
  return Promise.all(
    exampleFiles().map(async (file) => ({
      file,
      experiment: ((await import(join(EXAMPLES_DIR, file))) as { default: unknown }).default,
    })),
  );
}

/** The Litmus 3.x `kubernetes` category (litmuschaos/chaos-charts faults/kubernetes at 3.28.0). */
export const LITMUS_KUBERNETES_FAULTS = [
  'container-kill',
  'disk-fill',
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
  'pod-cpu-hog',
  'pod-cpu-hog-exec',
  'pod-delete',
  'pod-dns-error',
  'pod-dns-spoof',
  'pod-http-latency',
  'pod-http-modify-body',
  'pod-http-modify-header',
  'pod-http-reset-peer',
  'pod-http-status-code',
  'pod-io-stress',
  'pod-memory-hog',
  'pod-memory-hog-exec',
  'pod-network-corruption',
  'pod-network-duplication',
  'pod-network-latency',
  'pod-network-loss',
  'pod-network-partition',
  'pod-network-rate-limit',
];
