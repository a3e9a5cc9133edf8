import { Command, Option } from 'commander';
import { didYouMean } from '../compile/suggest.js';
import { UserError } from '../errors.js';
import { generateFaultModule } from '../hub/codegen.js';
import { combineHubs, loadHubs } from '../hub/combine.js';
import { describeFault, type FaultDescription, faultNeeds } from '../hub/describe.js';
import type { Hub, HubFault } from '../hub/hub.js';
import { loadHub } from '../hub/load.js';
import { displayPath } from '../load/experiment-files.js';
import { addHubOption, type HubOptions, hubFromOptions } from './hub-option.js';
import type { Output } from './output.js';
import { renderTable } from './table.js';
import { writeFileAtomically } from './write-file.js';

/** `chaosflow hub`: the fault catalogue, built-in and custom. */
export function hubCommand(output: Output): Command {
  return new Command('hub')
    .description('Inspect the fault catalogue: every fault with its typed tunables.')
    .addCommand(listCommand(output))
    .addCommand(showCommand(output))
    .addCommand(typesCommand(output));
}

type ListOptions = Pick<HubOptions, 'hub'> & { category?: string; json: boolean };

function listCommand(output: Output): Command {
  const command = new Command('list')
    .description('List the faults, with their scope and what they need from the cluster.')
    .option('--category <category>', 'only faults of this category (e.g. kubernetes)')
    .option(
      '--json',
      'print JSON (name, category, scope, needs, summary, tunables) instead of a table',
      false,
    );
  return addHubOption(command)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow hub list\n  $ chaosflow hub list --category kubernetes --json',
    )
    .action((options: ListOptions) => {
      const faults = faultsOf(hubFromOptions(options), options.category);
      if (options.json) {
        output.stdout(`${JSON.stringify(faults.map(describeFault), null, 2)}\n`);
        return;
      }
      const rows = faults.map((fault) => [
        fault.name,
        fault.category,
        fault.scope,
        faultNeeds(fault).join(', ') || '-',
        fault.summary,
      ]);
      output.stdout(renderTable(['name', 'category', 'scope', 'needs', 'summary'], rows, output.width));
    });
}

function faultsOf(hub: Hub, category: string | undefined): HubFault[] {
  const all = [...hub.faults.values()].sort(
    (a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name),
  );
  if (category === undefined) return all;
  const categories = [...new Set(all.map((fault) => fault.category))];
  if (!categories.includes(category)) {
    throw new UserError(
      `no fault has category "${category}"${didYouMean(category, categories)}\n  → categories: ${categories.join(', ')}`,
    );
  }
  return all.filter((fault) => fault.category === category);
}

type ShowOptions = Pick<HubOptions, 'hub'> & { json: boolean };

function showCommand(output: Output): Command {
  const command = new Command('show')
    .description("Show a fault: what it does, what it needs, and its tunables' types, defaults and meaning.")
    .argument('<fault>', 'fault name, e.g. pod-delete')
    .addOption(new Option('--json', 'print JSON instead of text').default(false));
  return addHubOption(command)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow hub show pod-delete\n  $ chaosflow hub show pod-http-latency --json',
    )
    .action((name: string, options: ShowOptions) => {
      const hub = hubFromOptions(options);
      const fault = hub.faults.get(name);
      if (fault === undefined) {
        throw new UserError(
          `no fault named "${name}" in the hub${didYouMean(name, [...hub.faults.keys()])}\n  → run \`chaosflow hub list\` to see every fault`,
        );
      }
      const description = describeFault(fault);
      output.stdout(
        options.json ? `${JSON.stringify(description, null, 2)}\n` : faultText(description, output.width),
      );
    });
}

function faultText(fault: FaultDescription, width: number | undefined): string {
  const header = [
    `${fault.name} (${fault.category}, ${fault.scope})`,
    fault.summary,
    '',
    `image: ${fault.image}`,
    `needs: ${fault.needs.join(', ') || 'nothing beyond its namespaced service account'}`,
    '',
  ];
  const rows = fault.tunables.map((tunable) => [
    tunable.name,
    tunable.typeLabel,
    tunable.default ?? '',
    `${tunable.description} (${tunable.env})`,
  ]);
  return `${header.join('\n')}\n${renderTable(['tunable', 'type', 'default', 'description'], rows, width)}`;
}

type TypesOptions = Pick<HubOptions, 'hub'> & { out: string };

function typesCommand(output: Output): Command {
  const command = new Command('types')
    .description('Generate typed builders, like faults.podDelete, for the faults of custom hubs.')
    .requiredOption('-o, --out <file>', "TypeScript file to write, or '-' for stdout");
  return addHubOption(command)
    .addHelpText(
      'after',
      "\nExamples:\n  $ chaosflow hub types --hub hub --out experiments/lib/hub-faults.ts\n  then: import { hubFaults } from './lib/hub-faults.js';",
    )
    .action((options: TypesOptions) => {
      if (options.hub.length === 0) {
        throw new UserError('give the custom hubs to generate builders for\n  → add --hub <dir>');
      }
      const custom = loadHubs(options.hub, { builtin: false });
      combineHubs(loadHub(), custom); // refuses custom faults that reuse built-in names
      const text = generateFaultModule(custom, {
        marker: `// Generated by \`chaosflow hub types\` from ${options.hub.join(', ')}. Do not edit: change the hub and regenerate.`,
        dslModule: 'chaosflow',
        durationModule: 'chaosflow',
        catalogue: 'hubFaults',
      });
      if (options.out === '-') output.stdout(text);
      else {
        writeFileAtomically(options.out, text);
        output.stderr(
          `wrote ${displayPath(options.out)} (${options.hub.length} hub${options.hub.length === 1 ? '' : 's'})\n`,
        );
      }
    });
}
