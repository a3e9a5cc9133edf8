import type { Issue } from '../errors.js';
import type { Hub, HubFault } from '../hub/hub.js';
import { toEnvValue } from '../hub/tunable-value.js';
import { durationIn, secondsIn } from '../model/duration.js';
import type { ExperimentSpec } from '../model/experiment.js';
import { GUARD_ANNOTATIONS } from '../model/guarded-run.js';
import { MAX_CRON_WORKFLOW_NAME, MAX_WORKFLOW_NAME } from '../model/names.js';
import { chaosSeconds, estimatedDeadlineSeconds, tunableSeconds } from './deadline.js';
import { type LocatedFault, locateFaults } from './located-faults.js';
import type { OutputKind } from './output-kind.js';
import { didYouMean } from './suggest.js';

/**
 * The checks that need the hub or the output kind, run after the structural (zod) parse: faults exist,
 * tunables are known and well-typed, step names are unique, DAG dependencies resolve without cycles,
 * every fault has a target, the score has weight, and names fit the kind's limits.
 */
export function checkExperiment(spec: ExperimentSpec, hub: Hub, kind: OutputKind): Issue[] {
  const located = locateFaults(spec.faults);
  return [
    ...located.flatMap((entry) => checkFaultUse(entry, hub, spec)),
    ...checkStepNames(located),
    ...checkDependencies(spec, located),
    ...checkWeights(located),
    ...checkKind(spec, kind),
    ...located.flatMap((entry) => checkInterval(entry, hub)),
    ...checkDeadline(spec, hub),
    ...checkGuards(spec),
    ...checkReservedAnnotations(spec),
  ];
}

/** The guardian evaluates a condition in whole seconds, at most once a second. */
function checkGuards(spec: ExperimentSpec): Issue[] {
  return (spec.abortWhen ?? []).flatMap((guard, index) => {
    const seconds = durationIn(guard.every, 's');
    if (seconds !== undefined && seconds >= 1) return [];
    return [
      {
        path: `abortWhen[${index}].every`,
        message: `every ${guard.every} is not a whole number of seconds of at least 1s`,
        hint: "evaluate at most once a second, e.g. every: '5s'",
      },
    ];
  });
}

/** Annotations chaosflow writes on runs itself: set by hand, they would be overwritten or skip the guardian. */
function checkReservedAnnotations(spec: ExperimentSpec): Issue[] {
  const reserved: readonly string[] = Object.values(GUARD_ANNOTATIONS);
  return Object.keys(spec.annotations)
    .filter((key) => reserved.includes(key))
    .map((key) => ({
      path: `annotations.${key}`,
      message: `"${key}" is an annotation chaosflow's guardian writes and reads`,
      hint: 'remove it; abort conditions go in abortWhen',
    }));
}

/**
 * A chaos interval longer than the chaos duration: Litmus acts once, then waits out the interval, so the fault
 * holds chaos (and the run) well past the duration the experiment says.
 */
function checkInterval({ use, path }: LocatedFault, hub: Hub): Issue[] {
  if (use.tunables.chaosInterval === undefined && use.tunables.totalChaosDuration === undefined) return [];
  const interval = knownSeconds(use, hub, 'chaosInterval');
  const duration = knownSeconds(use, hub, 'totalChaosDuration');
  if (interval === undefined || duration === undefined || interval <= duration) return [];
  const given = (name: string) => (use.tunables[name] === undefined ? ' (its default)' : '');
  return [
    {
      path: `${path}.tunables.chaosInterval`,
      message: `chaosInterval ${interval}s${given('chaosInterval')} is longer than totalChaosDuration ${duration}s${given('totalChaosDuration')}: Litmus would act once, then hold the chaos for the whole interval`,
      hint: `use a chaosInterval of at most ${duration}s, or a longer totalChaosDuration`,
    },
  ];
}

/** A duration tunable in seconds, when the step or the hub's default gives it. */
function knownSeconds(use: LocatedFault['use'], hub: Hub, name: string): number | undefined {
  const tunable = hub.faults.get(use.fault)?.tunables.find((candidate) => candidate.name === name);
  return tunable?.type === 'duration' ? tunableSeconds(use, hub, name) : undefined;
}

/** A deadline that ends the run before its chaos can: the exit handler would abort every fault mid-way. */
function checkDeadline(spec: ExperimentSpec, hub: Hub): Issue[] {
  if (spec.deadline === undefined) return [];
  const minimum = chaosSeconds(spec, hub);
  const deadline = secondsIn(spec.deadline);
  if (deadline >= minimum) return [];
  return [
    {
      path: 'deadline',
      message: `deadline ${spec.deadline} is shorter than the chaos it must hold: the faults' chaos alone takes ${minimum}s along the run's longest path`,
      hint: `give a deadline of at least ${minimum}s; ${estimatedDeadlineSeconds(spec, hub)}s also covers Litmus's start-up and checks, and is what chaosflow uses without one`,
    },
  ];
}

function checkFaultUse({ use, path }: LocatedFault, hub: Hub, spec: ExperimentSpec): Issue[] {
  const issues: Issue[] = [];
  const hubFault = hub.faults.get(use.fault);
  if (hubFault === undefined) {
    issues.push({
      path: `${path}.fault`,
      message: `unknown fault "${use.fault}"${didYouMean(use.fault, [...hub.faults.keys()])}`,
      hint: `run \`chaosflow hub list\` for the faults of hub "${hub.name}", or add a custom hub with --hub`,
    });
  } else {
    issues.push(...checkTunables(use.tunables, hubFault, `${path}.tunables`));
  }
  if (use.target === undefined && spec.target === undefined) {
    issues.push({
      path,
      message: 'fault has no target',
      hint: "give the fault a target, or the experiment a default one: target: target.deployment({ namespace: 'app', labels: { app: 'web' } })",
    });
  }
  const probeNames = use.probes.map((probe) => probe.name);
  probeNames.forEach((name, index) => {
    if (probeNames.indexOf(name) !== index) {
      issues.push({
        path: `${path}.probes[${index}].name`,
        message: `duplicate probe name "${name}"`,
        hint: 'Litmus keys probe results by name; give each probe of a fault its own name',
      });
    }
  });
  return issues;
}

/** Unknown tunables and values that do not fit their type, each with its path and fix. */
export function checkTunables(
  tunables: Readonly<Record<string, unknown>>,
  fault: HubFault,
  path: string,
): Issue[] {
  const byName = new Map(fault.tunables.map((tunable) => [tunable.name, tunable]));
  return Object.entries(tunables).flatMap(([name, value]): Issue[] => {
    const tunable = byName.get(name);
    if (tunable === undefined) {
      return [
        {
          path: `${path}.${name}`,
          message: `unknown tunable "${name}" for fault ${fault.name}${didYouMean(name, [...byName.keys()])}`,
          hint: `use one of ${[...byName.keys()].join(', ')}`,
        },
      ];
    }
    if (value === undefined) return [];
    const converted = toEnvValue(tunable, value);
    return converted.ok
      ? []
      : [{ path: `${path}.${name}`, message: converted.message, hint: converted.hint }];
  });
}

function checkStepNames(located: readonly LocatedFault[]): Issue[] {
  const first = new Map<string, string>();
  return located.flatMap(({ use, path }): Issue[] => {
    const earlier = first.get(use.name);
    if (earlier === undefined) {
      first.set(use.name, path);
      return [];
    }
    return [
      {
        path,
        message: `duplicate step name "${use.name}", already used at ${earlier}`,
        hint: `give one of them a name of its own with the name option, e.g. { name: '${use.name}-2' }`,
      },
    ];
  });
}

function checkDependencies(spec: ExperimentSpec, located: readonly LocatedFault[]): Issue[] {
  const isDag = spec.faults.type === 'dag';
  const names = new Set(located.map(({ use }) => use.name));
  const issues = located.flatMap(({ use, path }): Issue[] => {
    if (use.after === undefined) return [];
    if (!isDag) {
      return [
        {
          path: `${path}.after`,
          message: 'after() is only meaningful inside dag()',
          hint: 'use dag(...) for the faults, or drop after() and order them in the sequence',
        },
      ];
    }
    return use.after.flatMap((dependency, index): Issue[] => {
      if (dependency === use.name)
        return [
          {
            path: `${path}.after[${index}]`,
            message: 'step depends on itself',
            hint: 'remove it from its own after()',
          },
        ];
      if (names.has(dependency)) return [];
      return [
        {
          path: `${path}.after[${index}]`,
          message: `depends on unknown step "${dependency}"${didYouMean(dependency, [...names])}`,
          hint: 'name a step of this dag',
        },
      ];
    });
  });
  return issues.length > 0 || !isDag ? issues : checkCycles(located);
}

function checkCycles(located: readonly LocatedFault[]): Issue[] {
  const dependencies = new Map(located.map(({ use }) => [use.name, use.after ?? []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const next of dependencies.get(name) ?? []) {
      const cycle = visit(next, [...trail, name]);
      if (cycle !== undefined) return cycle;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const { use, path } of located) {
    const cycle = visit(use.name, []);
    if (cycle !== undefined) {
      return [
        {
          path: `${path}.after`,
          message: `dependency cycle: ${cycle.join(' → ')}`,
          hint: 'remove one of these after() links',
        },
      ];
    }
  }
  return [];
}

function checkWeights(located: readonly LocatedFault[]): Issue[] {
  if (located.some(({ use }) => use.weight > 0)) return [];
  return [
    {
      path: 'faults',
      message: 'every fault has weight 0, so the resiliency score is undefined',
      hint: 'give at least one fault a weight from 1 to 10',
    },
  ];
}

function checkKind(spec: ExperimentSpec, kind: OutputKind): Issue[] {
  if (kind === 'cron' && spec.schedule === undefined) {
    return [
      {
        path: 'schedule',
        message: 'a CronWorkflow needs a schedule',
        hint: "add schedule: { cron: '0 3 * * *' }, or build another kind",
      },
    ];
  }
  const limit =
    kind === 'cron'
      ? MAX_CRON_WORKFLOW_NAME
      : kind === 'workflow'
        ? MAX_WORKFLOW_NAME - 6
        : MAX_WORKFLOW_NAME;
  if (spec.name.length <= limit) return [];
  const why =
    kind === 'cron'
      ? 'Argo appends a timestamp to CronWorkflow runs'
      : kind === 'workflow'
        ? 'generateName adds 6 characters'
        : 'Argo names runs after it';
  return [
    {
      path: 'name',
      message: `name "${spec.name}" is ${spec.name.length} characters; a ${kind} name may have at most ${limit} (${why})`,
      hint: `shorten the name to ${limit} characters or fewer`,
    },
  ];
}
