import type { Issue } from '../errors.js';
import { definitionIssues, type ParamDefinition, paramOf } from '../model/param.js';
import { type PathSegment, pathText } from './input-path.js';
import { locateRawFaults, type RawFaultUse } from './located-faults.js';
import { TARGET_PARAMETERS } from './parameters.js';

interface UseBase {
  readonly param: ParamDefinition;
  /** Where it stands, for messages, e.g. `faults[0] (step "pod-delete").tunables.totalChaosDuration`. */
  readonly path: string;
}

/** A parameter giving a fault step's tunable its value. */
interface TunableUse extends UseBase {
  readonly place: 'tunable';
  readonly step: string;
  readonly fault: string;
  readonly tunable: string;
}

/** A parameter giving a value a probe of a fault step checks, or its timing. */
interface ProbeUse extends UseBase {
  readonly place: 'probe';
  readonly step: string;
  readonly probe: number;
  /** The field inside the probe, e.g. `['inputs', 'url']`. */
  readonly field: readonly PathSegment[];
}

/** A parameter giving a field of a target: a fault step's own, or the experiment's (no step). */
interface TargetUse extends UseBase {
  readonly place: 'target';
  readonly step?: string;
  /** The field inside the target: `['namespace']`, `['kind']`, `['labels', key]` or `['names', index]`. */
  readonly field: readonly PathSegment[];
}

/** Where a parameter stands. */
export type ParamUse = TunableUse | ProbeUse | TargetUse;

/** The parameters of an experiment as written: the input with every parameter replaced by its default, and where each stood. */
export interface ResolvedParams {
  /** The experiment with each parameter's default in its place: what the checks and the compiler read. */
  readonly input: unknown;
  readonly uses: readonly ParamUse[];
  /** Parameters standing where none may, or defined twice differently. */
  readonly issues: readonly Issue[];
}

/** A parameter found in an experiment as written, with where it stands. */
interface Found {
  readonly param: ParamDefinition;
  readonly segments: readonly PathSegment[];
  readonly path: string;
}

/**
 * The fields of a probe a parameter may give: the values it checks and its timing, all of which the ChaosEngine
 * holds as text. Its name (which its verdict is reported by), its mode and type (its shape), its attempts and
 * switches (integers and booleans in the ChaosEngine's schema, where Argo's text substitution cannot reach), its
 * image (pulled through the build's mirror) and a Kubernetes probe's resource, operation and namespace (which decide
 * the RBAC the build grants) take literals only.
 */
const PROBE_PARAM_FIELDS = new Set([
  'runProperties.probeTimeout',
  'runProperties.interval',
  'runProperties.probePollingInterval',
  'runProperties.initialDelay',
  'runProperties.evaluationTimeout',
  'inputs.url',
  'inputs.method.get.responseCode',
  'inputs.method.post.responseCode',
  'inputs.method.post.body',
  'inputs.method.post.contentType',
  'inputs.command',
  'inputs.comparator.value',
  'inputs.endpoint',
  'inputs.query',
  'inputs.labelSelector',
  'inputs.fieldSelector',
  'inputs.resourceNames',
  'data',
]);

const PLACES_HINT =
  "a param gives a fault's tunable, a workload target's namespace, kind, label value or name, or a probe's checked value or timing (url, responseCode, command, comparator value, endpoint, query, selectors, durations), each a whole value; write a literal here";

/**
 * Finds the parameters (`param()`) in an experiment as written, replaces each by its default so that everything
 * after checks and compiles the default exactly as a literal, and says where each stood. One standing anywhere
 * a parameter cannot reach Litmus is an issue at its path.
 */
export function resolveParams(input: unknown): ResolvedParams {
  const found: Found[] = [];
  const replaced = replaceParams(input, [], found);
  if (found.length === 0) return { input, uses: [], issues: [] };
  const faults = locateRawFaults((replaced as { faults?: unknown } | null)?.faults);
  const target = (replaced as { target?: unknown } | null)?.target;
  const uses: ParamUse[] = [];
  const issues: Issue[] = [];
  for (const each of found) {
    const use = placeOf(each, faults, target);
    if (typeof use === 'string') issues.push({ path: each.path, message: use, hint: PLACES_HINT });
    else uses.push(use);
  }
  return { input: replaced, uses, issues: [...issues, ...conflicts(found), ...targetEnumIssues(uses)] };
}

/** The use a found parameter makes, or why it may not stand there. */
function placeOf(found: Found, faults: readonly RawFaultUse[], target: unknown): ParamUse | string {
  const { param, segments } = found;
  const refused = `param "${param.name}" stands where only a literal may`;
  if (segments[0] === 'target') return targetUse(found, segments.slice(1), target, undefined) ?? refused;
  const fault = faults.find((candidate) => startsWith(segments, candidate.segments));
  if (fault === undefined) return refused;
  const inside = segments.slice(fault.segments.length);
  const [section, key, ...rest] = inside;
  const base = { param, step: fault.step, path: `${fault.path}.${pathText(inside)}` };
  if (section === 'tunables' && typeof key === 'string' && rest.length === 0)
    return {
      ...base,
      place: 'tunable',
      fault: fault.fault,
      tunable: key,
    };
  if (section === 'probes' && typeof key === 'number' && PROBE_PARAM_FIELDS.has(rest.join('.')))
    return { ...base, place: 'probe', probe: key, field: rest };
  if (section === 'target' && key !== undefined)
    return targetUse({ ...found, path: base.path }, [key, ...rest], fault.target, fault.step) ?? refused;
  return refused;
}

/** A target field a parameter may give: a workload target's namespace, kind, one label's value or one name. */
function targetUse(
  found: Found,
  field: readonly PathSegment[],
  target: unknown,
  step: string | undefined,
): TargetUse | undefined {
  if ((target as { type?: unknown } | null)?.type !== 'workload') return undefined;
  const [key, inner, ...rest] = field;
  const fits =
    rest.length === 0 &&
    (((key === 'namespace' || key === 'kind') && inner === undefined) ||
      (key === 'labels' && typeof inner === 'string') ||
      (key === 'names' && typeof inner === 'number'));
  if (!fits) return undefined;
  return {
    param: found.param,
    place: 'target',
    field,
    path: found.path,
    ...(step === undefined ? {} : { step }),
  };
}

/**
 * A target's field chosen at submit must be one of values known at build: the build checks each against the
 * blast-radius policy and grants RBAC in each namespace, and a run given another fails before any chaos.
 */
function targetEnumIssues(uses: readonly ParamUse[]): Issue[] {
  return uses
    .filter((use) => use.place === 'target' && use.param.enum === undefined)
    .map((use) => ({
      path: use.path,
      message: `param "${use.param.name}" gives a target without an enum`,
      hint: 'list the values it may take in enum (each is checked and granted at build), or use target.fromParameters for any workload',
    }));
}

function startsWith(segments: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.every((segment, index) => segments[index] === segment);
}

/**
 * A copy of `value` with every parameter replaced by the value `pick` gives it (its default unless told),
 * recording each with where it stood.
 */
function replaceParams(
  value: unknown,
  segments: readonly PathSegment[],
  found: Found[],
  pick: (param: ParamDefinition) => unknown = (param) => param.default,
): unknown {
  const param = paramOf(value);
  if (param !== undefined) {
    found.push({ param, segments, path: pathText(segments) });
    return pick(param);
  }
  if (Array.isArray(value))
    return value.map((item, index) => replaceParams(item, [...segments, index], found, pick));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, replaceParams(item, [...segments, key], found, pick)]),
  );
}

/** The experiment as written with each parameter replaced by the value `pick` gives it. */
export function withParamValues(input: unknown, pick: (param: ParamDefinition) => unknown): unknown {
  return replaceParams(input, [], [], pick);
}

/** Problems of the definitions themselves: each on its own, one name defined two ways, a target parameter's name. */
function conflicts(found: readonly Found[]): Issue[] {
  const first = new Map<string, Found>();
  const issues: Issue[] = [];
  for (const { param, path } of found) {
    const earlier = first.get(param.name);
    if (earlier === undefined) {
      first.set(param.name, { param, path, segments: [] });
      issues.push(...definitionIssues(param, path));
    } else if (JSON.stringify(earlier.param) !== JSON.stringify(param))
      issues.push({
        path,
        message: `param "${param.name}" is defined differently at ${earlier.path}`,
        hint: 'define it once (a const) and use it in both places, or give each its own name',
      });
    if ((Object.values(TARGET_PARAMETERS) as string[]).includes(param.name))
      issues.push({
        path,
        message: `param "${param.name}" takes the name of a target parameter`,
        hint: `choose another name than ${Object.values(TARGET_PARAMETERS).join(', ')}`,
      });
  }
  return issues;
}
