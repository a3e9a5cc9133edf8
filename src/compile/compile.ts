import { type Issue, ValidationError } from '../errors.js';
import type { Hub } from '../hub/hub.js';
import { withImageRegistry } from '../hub/image-registry.js';
import type { KubeObject } from '../k8s/objects.js';
import type { ExperimentSpec } from '../model/experiment.js';
import { parseExperiment } from '../model/parse.js';
import { policyIssues } from '../policy/check.js';
import type { BlastRadiusPolicy } from '../policy/policy.js';
import { argoObject } from './argo-object.js';
import { checkExperiment, checkTunables } from './check-experiment.js';
import { checkImageOptions, engineImages, type ImageOptions } from './images.js';
import { locateRawFaults } from './located-faults.js';
import { defaultKind, type OutputKind } from './output-kind.js';
import { type ResolvedParams, resolveParams } from './param-uses.js';
import { type ParamVariant, paramVariants } from './param-variants.js';
import { paramWarnings, templateRefParameterWarnings } from './param-warnings.js';
import { paramUseIssues } from './params.js';
import { rbacObjects } from './rbac.js';
import { compileWarnings } from './warnings.js';
import { workflowSpec } from './workflow-spec.js';

/** How to compile an experiment. */
export interface CompileOptions {
  /** The fault catalogue to compile against. */
  readonly hub: Hub;
  /** The Argo object to emit. @defaultValue `cron` when the experiment has a schedule, else `template` */
  readonly kind?: OutputKind;
  /** Also emit least-privilege ServiceAccounts, Roles and RoleBindings. @defaultValue false */
  readonly rbac?: boolean;
  /** Pull Litmus's images from a mirror registry, with pull secrets. @defaultValue the hub's public images */
  readonly images?: ImageOptions;
  /** Limits the experiment must keep (namespaces, share of pods, schedule windows). @defaultValue none */
  readonly policy?: BlastRadiusPolicy;
}

/** A compiled experiment: the objects to write or apply, in order, and warnings worth showing. */
export interface CompiledExperiment {
  readonly name: string;
  readonly kind: OutputKind;
  readonly objects: readonly KubeObject[];
  readonly warnings: readonly string[];
}

/**
 * Validates an experiment (as `experiment()` returns it) and compiles it to Argo objects. Pure: no I/O.
 * @throws {@link ValidationError} listing every problem found, when the experiment is invalid.
 */
export function compileExperiment(input: unknown, options: CompileOptions): CompiledExperiment {
  const { spec, uses, variants } = validated(input, options);
  const kind = options.kind ?? defaultKind(spec);
  checkImageOptions(options.images);
  const registry = options.images?.registry;
  const hub =
    registry === undefined
      ? options.hub
      : withImageRegistry(options.hub, registry, { customHubs: options.images?.customHubs === true });
  const images = engineImages(options.images, hub.litmusVersion, spec.imagePullPolicy);
  const compiled = workflowSpec(spec, hub, kind, images, uses);
  const workflow = argoObject(spec, kind, compiled);
  const objects =
    options.rbac === true ? [workflow, ...rbacObjects(spec, hub, compiled.templates, variants)] : [workflow];
  return {
    name: spec.name,
    kind,
    objects,
    warnings: [
      ...compileWarnings(spec, hub, kind),
      ...paramWarnings(spec, uses),
      ...templateRefParameterWarnings(spec, kind, compiled.arguments?.parameters ?? []),
    ],
  };
}

/**
 * Checks an experiment's structure, then its faults, tunables and names against the hub and output kind.
 * @throws {@link ValidationError} listing every problem found.
 */
export function validateExperiment(
  input: unknown,
  options: Pick<CompileOptions, 'hub' | 'kind' | 'policy'>,
): ExperimentSpec {
  return validated(input, options).spec;
}

/** A valid experiment: its spec with every param at its default, where each param stands, and the other variants. */
interface Validated {
  readonly spec: ExperimentSpec;
  readonly uses: ResolvedParams['uses'];
  /** The spec with the params at each other combination of their enum values that is checked. */
  readonly variants: readonly ExperimentSpec[];
}

function validated(input: unknown, options: Pick<CompileOptions, 'hub' | 'kind' | 'policy'>): Validated {
  const params = resolveParams(input);
  const subject = `experiment "${String((input as { name?: unknown } | null)?.name ?? '?')}"`;
  const checked = checkedAsWritten(params.input, options);
  const variants = checkedVariants(paramVariants(input, params.uses), checked.issues, options);
  const issues = [
    ...params.issues,
    ...checked.issues,
    ...paramUseIssues(params.uses, options.hub),
    ...variants.issues,
  ];
  if (issues.length > 0 || checked.spec === undefined) throw new ValidationError(subject, issues);
  return { spec: checked.spec, uses: params.uses, variants: variants.specs };
}

/** The structure's problems, else the hub's, output kind's and policy's, of an experiment without parameters. */
function checkedAsWritten(
  input: unknown,
  options: Pick<CompileOptions, 'hub' | 'kind' | 'policy'>,
): { spec?: ExperimentSpec; issues: Issue[] } {
  const parsed = parseExperiment(input);
  if (!parsed.ok) return { issues: [...parsed.issues, ...rawTunableIssues(input, options.hub)] };
  return {
    spec: parsed.spec,
    issues: [
      ...checkExperiment(parsed.spec, options.hub, options.kind ?? defaultKind(parsed.spec)),
      ...(options.policy === undefined ? [] : policyIssues(parsed.spec, options.hub, options.policy)),
    ],
  };
}

/**
 * The variants as specs, and what is wrong with a combination of the parameters' enum values that is wrong
 * neither with their defaults nor with a combination changing fewer of them: each is checked as the literals it
 * stands for, exactly as the defaults are.
 */
function checkedVariants(
  variants: readonly ParamVariant[],
  asWritten: readonly Issue[],
  options: Pick<CompileOptions, 'hub' | 'kind' | 'policy'>,
): { specs: ExperimentSpec[]; issues: Issue[] } {
  const known = new Set(asWritten.map(issueKey));
  const specs: ExperimentSpec[] = [];
  const issues: Issue[] = [];
  for (const { values, input } of variants) {
    const checked = checkedAsWritten(input, options);
    if (checked.spec !== undefined) specs.push(checked.spec);
    const given = values.map(({ param, value }) => `param "${param.name}" at ${JSON.stringify(value)}`);
    for (const issue of checked.issues.filter((each) => !known.has(issueKey(each)))) {
      known.add(issueKey(issue));
      issues.push({ ...issue, message: `with ${given.join(' and ')}: ${issue.message}` });
    }
  }
  return { specs, issues };
}

const issueKey = (issue: Issue) => `${issue.path}\n${issue.message}`;

/**
 * The tunable problems of an experiment whose structure did not parse: an out-of-range weight must not hide an
 * out-of-range tunable until it is fixed.
 */
function rawTunableIssues(input: unknown, hub: Hub): Issue[] {
  const faults = (input as { faults?: unknown } | null)?.faults;
  return locateRawFaults(faults).flatMap((use) => {
    const fault = hub.faults.get(use.fault);
    return fault === undefined ? [] : checkTunables(use.tunables, fault, `${use.path}.tunables`);
  });
}
