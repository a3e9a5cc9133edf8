import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatIssues, HubError, type Issue } from '../errors.js';
import { toIssues } from '../model/zod-issues.js';
import { BUILTIN_HUB_DIR } from '../package-paths.js';
import { yamlLibrary } from '../yaml-library.js';
import type { z } from '../zod.js';
import { camelCase, type Hub, type HubFault, type Tunable } from './hub.js';
import { type FaultDirectory, faultDirectories, faultFiles, hubFile } from './hub-files.js';
import { type ChaosExperiment, hubSchemas, type TunableMetadata } from './schema.js';
import { readHubSnapshot } from './snapshot.js';
import { shippedDefault, toEnvValue } from './tunable-value.js';

export { BUILTIN_HUB_DIR };

/** Collects issues per file, so one broken fault reports everything wrong with it at once. */
class IssueLog {
  readonly issues: Issue[] = [];
  constructor(private readonly root: string) {}

  add(file: string, issue: Issue): void {
    const where = relative(this.root, file) || file;
    this.issues.push({ ...issue, path: issue.path === '' ? where : `${where}: ${issue.path}` });
  }
}

/**
 * Loads and validates a hub directory. Every problem in every file is collected and thrown together as one
 * {@link HubError} naming file and field, so a broken hub is fixed in one pass. The built-in hub comes from
 * its build-time snapshot when that matches the files.
 */
export function loadHub(dir: string = BUILTIN_HUB_DIR): Hub {
  return (dir === BUILTIN_HUB_DIR ? readHubSnapshot(dir) : undefined) ?? parseHub(dir);
}

/** Loads and validates a hub directory from its YAML files. */
export function parseHub(dir: string): Hub {
  const log = new IssueLog(dir);
  const metaFile = hubFile(dir);
  if (!existsSync(metaFile)) {
    throw new HubError(
      `${dir} is not a chaosflow hub: it has no hub.yaml.\n  → point --hub at a directory with hub.yaml and faults/<category>/<fault>/`,
    );
  }
  const meta = readValidated(metaFile, hubSchemas().hubFile, log);
  const faults = new Map<string, HubFault>();
  for (const faultDir of faultDirectories(dir)) {
    const fault = loadFault(faultDir, log);
    if (fault === undefined) continue;
    const previous = faults.get(fault.name);
    if (previous !== undefined) {
      log.add(faultFiles(faultDir).experimentFile, {
        path: 'metadata.name',
        message: `duplicate fault "${fault.name}", also defined in ${relative(dir, previous.source)}`,
        hint: 'give each fault a unique name, or remove one of them',
      });
      continue;
    }
    faults.set(fault.name, fault);
  }
  if (faults.size === 0 && log.issues.length === 0) {
    log.add(join(dir, 'faults'), {
      path: '',
      message: 'the hub has no faults',
      hint: 'add faults/<category>/<fault>/ with fault.yaml and tunables.yaml',
    });
  }
  if (log.issues.length > 0 || meta === undefined) {
    throw new HubError(`hub ${dir} is invalid:\n${formatIssues(log.issues)}`);
  }
  return { name: meta.name, litmusVersion: meta.litmusVersion, faults };
}

function loadFault(dir: FaultDirectory, log: IssueLog): HubFault | undefined {
  const { experimentFile, tunablesFile } = faultFiles(dir);
  const experiment = readValidated(experimentFile, hubSchemas().chaosExperiment, log);
  const meta = readValidated(tunablesFile, hubSchemas().tunablesFile, log);
  if (experiment === undefined || meta === undefined) return undefined;
  const before = log.issues.length;
  checkNames(dir, experiment, meta.fault, { experimentFile, tunablesFile }, log);
  checkImage(experiment, experimentFile, log);
  const tunables = resolveTunables(experiment, meta.tunables, { experimentFile, tunablesFile }, log);
  if (log.issues.length > before) return undefined;
  const definition = experiment.spec.definition;
  return {
    name: experiment.metadata.name,
    category: dir.category,
    summary: meta.summary,
    scope: definition.scope,
    permissions: definition.permissions,
    runtimeSocket: meta.runtimeSocket,
    privileged: meta.privileged,
    secrets: (definition.secrets ?? []).map(({ name, mountPath }) => ({ name, mountPath })),
    experiment,
    tunables,
    source: dir.path,
  };
}

function readValidated<T extends z.ZodMiniType>(
  file: string,
  schema: T,
  log: IssueLog,
): z.output<T> | undefined {
  if (!existsSync(file)) {
    log.add(file, {
      path: '',
      message: 'file is missing',
      hint: 'every fault directory needs fault.yaml and tunables.yaml',
    });
    return undefined;
  }
  const document = yamlLibrary().parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      log.add(file, {
        path: '',
        message: `bad YAML: ${error.message.split('\n')[0]}`,
        hint: 'fix the YAML syntax at that line',
      });
    }
    return undefined;
  }
  const input: unknown = document.toJS();
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) {
    for (const issue of toIssues(result.error, input)) log.add(file, issue);
    return undefined;
  }
  return result.data;
}

interface FaultFiles {
  readonly experimentFile: string;
  readonly tunablesFile: string;
}

function checkNames(
  dir: FaultDirectory,
  experiment: ChaosExperiment,
  tunablesFault: string,
  files: FaultFiles,
  log: IssueLog,
): void {
  const name = experiment.metadata.name;
  if (name !== dir.name) {
    log.add(files.experimentFile, {
      path: 'metadata.name',
      message: `fault "${name}" is in directory "${dir.name}"`,
      hint: 'name the directory after the fault',
    });
  }
  if (tunablesFault !== name) {
    log.add(files.tunablesFile, {
      path: 'fault',
      message: `says "${tunablesFault}" but fault.yaml defines "${name}"`,
      hint: `set fault: ${name}`,
    });
  }
}

function checkImage(experiment: ChaosExperiment, file: string, log: IssueLog): void {
  const image = experiment.spec.definition.image;
  const tag = image.includes('@') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
  if (tag === undefined || tag === 'latest') {
    log.add(file, {
      path: 'spec.definition.image',
      message: `image "${image}" is not pinned`,
      hint: 'pin it to a Litmus release tag, e.g. litmuschaos/go-runner:3.28.0',
    });
  }
}

function resolveTunables(
  experiment: ChaosExperiment,
  metadata: readonly TunableMetadata[],
  files: FaultFiles,
  log: IssueLog,
): Tunable[] {
  const envDefaults = new Map(experiment.spec.definition.env.map((env) => [env.name, env.value]));
  const seen = new Set<string>();
  const tunables = metadata.map((meta, index): Tunable => {
    const name = meta.name ?? camelCase(meta.env);
    if (seen.has(meta.env) || seen.has(name)) {
      log.add(files.tunablesFile, {
        path: `tunables[${index}]`,
        message: `duplicate tunable ${meta.env} (${name})`,
        hint: 'list each env var once',
      });
    }
    seen.add(meta.env).add(name);
    const value = envDefaults.get(meta.env);
    const tunable: Tunable =
      value === undefined || value === '' ? { ...meta, name } : { ...meta, name, default: value };
    checkDefault(tunable, `tunables[${index}]`, files.tunablesFile, log);
    return tunable;
  });
  for (const env of envDefaults.keys()) {
    if (!seen.has(env)) {
      log.add(files.experimentFile, {
        path: `spec.definition.env.${env}`,
        message: `env var ${env} has no typed metadata`,
        hint: `add an entry with env: ${env} to tunables.yaml`,
      });
    }
  }
  return tunables;
}

/** A shipped default must itself be a valid value of the tunable's type, or the typing is wrong. */
function checkDefault(tunable: Tunable, path: string, file: string, log: IssueLog): void {
  const raw = shippedDefault(tunable);
  if (raw === undefined) return;
  const asDsl = fromEnvString(tunable, raw);
  const converted = toEnvValue(tunable, asDsl);
  if (!converted.ok || converted.value !== raw) {
    log.add(file, {
      path,
      message: `default "${raw}" of ${tunable.env} is not a valid ${tunable.type}${converted.ok ? '' : `: ${converted.message}`}`,
      hint: 'fix the tunable type or range, or the default in fault.yaml',
    });
  }
}

function fromEnvString(tunable: Tunable, raw: string): unknown {
  switch (tunable.type) {
    case 'duration':
      return `${raw}${tunable.unit}`;
    case 'integer':
    case 'percentage':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'list':
      return raw.split(',');
    case 'json':
      return safeJson(raw);
    default:
      return raw;
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
