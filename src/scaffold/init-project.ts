import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadHub } from '../hub/load.js';
import { type ChaosflowSource, chaosflowSource } from './chaosflow-package.js';
import { checkScaffoldName, identifierOf } from './names.js';
import { renderTemplates, writeNew } from './render.js';

/** What `chaosflow init` asks for; everything but the directory has a default. */
export interface InitOptions {
  readonly dir: string;
  /** Project name, also the prefix of the example experiment. @defaultValue the directory's name */
  readonly name?: string;
  /** The workload the example experiment targets (`app=<app>`). @defaultValue `nginx` */
  readonly app?: string;
  /** Namespace of that workload. @defaultValue `default` */
  readonly namespace?: string;
  /**
   * npm spec of the chaosflow dependency. @defaultValue `^<this version>` when the registry has it, else a
   * tarball of the running chaosflow written to `vendor/`
   */
  readonly chaosflow?: string;
}

/** Longest project name for which `<name>-pod-delete` is still a valid WorkflowTemplate name. */
const MAX_PROJECT_NAME = 52;

/** Where a project keeps a packed chaosflow, relative to it. */
const VENDOR_DIR = 'vendor';

/**
 * Creates an experiments project: package.json (build = `chaosflow build`), tsconfig.json, a README and one
 * example experiment; with chaosflow from the registry, or packed into `vendor/` when the registry lacks this
 * version, so `npm install` works on any machine. Refuses to overwrite anything. Returns the files written.
 */
export async function initProject(options: InitOptions): Promise<string[]> {
  const dir = resolve(options.dir);
  const name = checkScaffoldName('project name', options.name ?? basename(dir), MAX_PROJECT_NAME, '--name');
  const app = checkScaffoldName('app', options.app ?? 'nginx', 63, '--app');
  const namespace = checkScaffoldName('namespace', options.namespace ?? 'default', 63, '--namespace');
  const source: ChaosflowSource =
    options.chaosflow === undefined ? await chaosflowSource() : { kind: 'registry', spec: options.chaosflow };
  try {
    const context = {
      name,
      app,
      appIdentifier: identifierOf(app),
      namespace,
      chaosflow: source.kind === 'tarball' ? `file:${VENDOR_DIR}/${source.fileName}` : source.spec,
      vendored: source.kind === 'tarball',
      litmusVersion: loadHub().litmusVersion,
    };
    const vendored =
      source.kind === 'tarball'
        ? [{ path: join(VENDOR_DIR, source.fileName), text: readFileSync(source.file) }]
        : [];
    return writeNew(dir, [...renderTemplates('project', context), ...vendored]);
  } finally {
    if (source.kind === 'tarball') rmSync(dirname(source.file), { recursive: true, force: true });
  }
}
