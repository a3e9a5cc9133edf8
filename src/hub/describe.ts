import type { HubFault, Tunable } from './hub.js';
import { type DefaultValue, defaultInDslForm, defaultValue } from './tunable-value.js';

/** A tunable as `hub show --json` and the fault reference give it. */
export interface TunableDescription {
  readonly name: string;
  readonly env: string;
  readonly type: Tunable['type'];
  /** The type in words, with its unit, range or allowed values: `duration (s)`, `integer ≥ 1 (MiB)`. */
  readonly typeLabel: string;
  /** The default, as the value the DSL takes (`"15s"`, `10`, `true`, `["a", "b"]`), if Litmus has one. */
  readonly default?: DefaultValue;
  /** The same default written as TypeScript (`'15s'`), for tables and docs. */
  readonly defaultSource?: string;
  readonly description: string;
}

/** A fault as `hub list/show --json` and the fault reference give it. */
export interface FaultDescription {
  readonly name: string;
  readonly category: string;
  readonly summary: string;
  readonly scope: HubFault['scope'];
  readonly image: string;
  /** What the fault needs beyond a namespaced service account, in words (`runtime socket`, `secret id-rsa`). */
  readonly needs: readonly string[];
  readonly tunables: readonly TunableDescription[];
}

/** A fault's public description, from its hub entry. */
export function describeFault(fault: HubFault): FaultDescription {
  return {
    name: fault.name,
    category: fault.category,
    summary: fault.summary,
    scope: fault.scope,
    image: fault.experiment.spec.definition.image,
    needs: faultNeeds(fault),
    tunables: fault.tunables.map(describeTunable),
  };
}

/** What running the fault requires of the cluster: host access, Secrets, cluster-wide permissions. */
export function faultNeeds(fault: HubFault): string[] {
  return [
    ...(fault.runtimeSocket ? ['runtime socket'] : []),
    ...(fault.privileged ? ['privileged'] : []),
    ...fault.secrets.map((secret) => `secret ${secret.name}`),
    ...(fault.scope === 'Cluster' ? ['cluster-wide'] : []),
  ];
}

function describeTunable(tunable: Tunable): TunableDescription {
  const value = defaultValue(tunable);
  const source = defaultInDslForm(tunable);
  return {
    name: tunable.name,
    env: tunable.env,
    type: tunable.type,
    typeLabel: typeLabel(tunable),
    ...(value === undefined ? {} : { default: value }),
    ...(source === undefined ? {} : { defaultSource: source }),
    description: tunable.description,
  };
}

/** The type of a tunable in words, as the CLI and the reference show it. */
function typeLabel(tunable: Tunable): string {
  switch (tunable.type) {
    case 'duration':
      return `duration (${tunable.unit})`;
    case 'integer':
      return [
        'integer',
        rangeLabel(tunable.min, tunable.max),
        tunable.unit === undefined ? '' : `(${tunable.unit})`,
      ]
        .filter((part) => part !== '')
        .join(' ');
    case 'percentage':
      return 'percentage (0–100)';
    case 'enum':
      return tunable.values.join(' | ');
    case 'json':
      return tunable.shape === 'list' ? 'JSON list of strings' : 'JSON map of strings';
    case 'list':
      return 'list of strings';
    default:
      return tunable.type;
  }
}

function rangeLabel(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `≥ ${min}`;
  return max === undefined ? '' : `≤ ${max}`;
}
