import { existsSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { combineHubs } from '../hub/combine.js';
import type { Hub } from '../hub/hub.js';
import { loadHub } from '../hub/load.js';
import { isImageReference } from '../hub/tunable-value.js';
import { checkScaffoldName } from './names.js';
import { type RenderedFile, renderTemplates, writeNew } from './render.js';

/** What `chaosflow new fault` asks for. */
export interface NewFaultOptions {
  readonly name: string;
  /** The custom hub to add it to; created when it has no hub.yaml. @defaultValue `hub` */
  readonly hubDir?: string;
  /** @defaultValue `custom` */
  readonly category?: string;
  readonly summary?: string;
  /** The fault's image. @defaultValue Litmus's go-runner of the built-in hub's release */
  readonly image?: string;
}

/**
 * Adds a fault to a custom hub from the templates: a ChaosExperiment to edit and its typed tunables. The
 * result is loaded with the built-in hub before this returns, so the scaffold is known to be valid; if it
 * is not, the files written are removed again.
 */
export function newFault(options: NewFaultOptions): { readonly faultDir: string; readonly files: string[] } {
  const hubDir = resolve(options.hubDir ?? 'hub');
  const name = checkScaffoldName('fault name', options.name, 63, '<name>');
  const category = checkScaffoldName('category', options.category ?? 'custom', 63, '--category');
  const builtin = loadHub();
  const hubExists = existsSync(join(hubDir, 'hub.yaml'));
  refuseTakenName(name, builtin, hubExists ? loadHub(hubDir) : undefined);
  const context = {
    fault: name,
    hubDir: relative(process.cwd(), hubDir) || '.',
    hubName: basename(hubDir),
    summary: checkedSummary(options.summary ?? `Describe what ${name} does to its target in one sentence.`),
    image: checkedImage(
      options.image ?? `litmuschaos.docker.scarf.sh/litmuschaos/go-runner:${builtin.litmusVersion}`,
    ),
    litmusVersion: builtin.litmusVersion,
  };
  const faultPath = join('faults', category, name);
  const files: RenderedFile[] = [
    ...(hubExists ? [] : renderTemplates('hub', context)),
    ...renderTemplates('fault', context).map((file) => ({ ...file, path: join(faultPath, file.path) })),
  ];
  const written = writeNew(hubDir, files);
  try {
    combineHubs(builtin, loadHub(hubDir));
  } catch (error) {
    rmSync(hubExists ? join(hubDir, faultPath) : hubDir, { recursive: true, force: true });
    throw error;
  }
  return { faultDir: join(hubDir, faultPath), files: written };
}

function refuseTakenName(name: string, builtin: Hub, custom: Hub | undefined): void {
  const existing = custom?.faults.get(name);
  if (!builtin.faults.has(name) && existing === undefined) return;
  const where =
    existing === undefined ? 'a built-in fault' : `already in ${relative(process.cwd(), existing.source)}`;
  throw new UserError(`"${name}" is ${where}\n  → give the new fault another name, e.g. "${name}-v2"`);
}

function checkedSummary(summary: string): string {
  if (summary.trim() !== '' && !summary.includes('\n')) return summary;
  throw new UserError('the summary must be one non-empty line\n  → pass --summary "What the fault does."');
}

function checkedImage(image: string): string {
  if (isImageReference(image)) return image;
  throw new UserError(
    `"${image}" is not an image reference\n  → pass --image registry.example.com/team/my-fault:1.0.0`,
  );
}
