import type { Template } from '../k8s/objects.js';
import { yamlLibrary } from '../yaml-library.js';
import type { RunObject } from './run-objects.js';

/** A fault step of a run, as its templates declare it. */
export interface RunFault {
  readonly step: string;
  /** The ChaosExperiment it runs. */
  readonly fault: string;
  readonly weight: number;
  /** Its ChaosEngine's name in this run. */
  readonly engine: string;
  /** Where its engine and result live: the experiment's chaos namespace. */
  readonly namespace: string;
  /** Its ChaosResult's name in this run (`<engine>-<fault>`, as Litmus names it). */
  readonly result: string;
  /** The probes its engine declares, in order. */
  readonly probes: readonly { readonly name: string; readonly type: string; readonly mode: string }[];
}

const FAULT_TEMPLATE = 'fault-';
const ENGINE_TEMPLATE = 'engine-';

interface EngineManifest {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    experiments?: { name?: string; spec?: { probe?: { name?: string; type?: string; mode?: string }[] } }[];
  };
}

/**
 * The fault steps of a chaosflow run, in the order its templates list them, read from the run itself (its own
 * templates, or those Argo stored from its WorkflowTemplate), so a run started by anyone can be followed
 * without its experiment file. Each `fault-<step>` template runs `engine-<step>`, whose manifest names the
 * engine (with the run's uid) and the experiment.
 */
export function faultsOfRun(run: RunObject): RunFault[] {
  const templates = run.spec?.templates ?? run.status?.storedWorkflowTemplateSpec?.templates ?? [];
  const byName = new Map(templates.map((template) => [template.name, template]));
  return templates.flatMap((template) => {
    if (!template.name.startsWith(FAULT_TEMPLATE)) return [];
    const step = template.name.slice(FAULT_TEMPLATE.length);
    const engine = byName.get(`${ENGINE_TEMPLATE}${step}`);
    const manifest = engine === undefined ? undefined : engineManifest(engine);
    const experiment = manifest?.spec?.experiments?.[0];
    if (manifest?.metadata?.name === undefined || experiment?.name === undefined) return [];
    const engineName = manifest.metadata.name.replaceAll('{{workflow.uid}}', run.metadata.uid ?? '');
    return [
      {
        step,
        fault: experiment.name,
        weight: Number(template.metadata?.labels?.weight ?? 10),
        engine: engineName,
        namespace: manifest.metadata.namespace ?? run.metadata.namespace ?? '',
        result: `${engineName}-${experiment.name}`,
        probes: (experiment.spec?.probe ?? []).map((probe) => ({
          name: probe.name ?? '',
          type: probe.type ?? '',
          mode: probe.mode ?? '',
        })),
      },
    ];
  });
}

function engineManifest(template: Template): EngineManifest | undefined {
  const manifest = template.resource?.manifest;
  if (manifest === undefined) return undefined;
  try {
    return yamlLibrary().parse(manifest) as EngineManifest;
  } catch {
    return undefined;
  }
}
