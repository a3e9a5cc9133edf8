import { basename, resolve } from 'node:path';
import { loadHub } from '../hub/load.js';
import { VERSION } from '../version.js';
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
  /** npm version spec of the chaosflow dependency. @defaultValue `^<this version>` */
  readonly chaosflow?: string;
}

/** Longest project name for which `<name>-pod-delete` is still a valid WorkflowTemplate name. */
const MAX_PROJECT_NAME = 52;

/**
 * Creates an experiments project: package.json (build = `chaosflow build`), tsconfig.json, a README and one
 * example experiment. Refuses to overwrite anything. Returns the files written.
 */
export function initProject(options: InitOptions): string[] {
  const dir = resolve(options.dir);
  const name = checkScaffoldName('project name', options.name ?? basename(dir), MAX_PROJECT_NAME, '--name');
  const app = checkScaffoldName('app', options.app ?? 'nginx', 63, '--app');
  const namespace = checkScaffoldName('namespace', options.namespace ?? 'default', 63, '--namespace');
  const context = {
    name,
    app,
    appIdentifier: identifierOf(app),
    namespace,
    chaosflow: options.chaosflow ?? `^${VERSION}`,
    litmusVersion: loadHub().litmusVersion,
  };
  return writeNew(dir, renderTemplates('project', context));
}
