import { type LocatedFault, locateFaults } from '../compile/located-faults.js';
import type { Issue } from '../errors.js';
import type { Hub } from '../hub/hub.js';
import { shippedDefault } from '../hub/tunable-value.js';
import { fireTimes } from '../model/cron.js';
import type { ExperimentSpec } from '../model/experiment.js';
import type { BlastRadiusPolicy } from './policy.js';
import { describeLocal, describeWindows, inAllowedWindow } from './windows.js';

/** The tunables by which a fault says what share of its target it affects (Litmus's PODS/NODES_AFFECTED_PERC). */
const SHARE_TUNABLES = ['podsAffectedPerc', 'nodesAffectedPerc'] as const;
/** How far ahead a schedule's fire times are checked, and at most how many: every cron repeats within a year. */
const SCHEDULE_HORIZON_MS = 366 * 24 * 3_600_000;
const MAX_FIRES_CHECKED = 20_000;

/**
 * What an experiment does that the policy forbids, with where and how to fix it: a forbidden namespace, a
 * fault affecting a larger share of its target than allowed, a schedule firing outside the allowed windows.
 * When an unscheduled run may start, and how many run beside it, can only be told when it starts: the
 * guardian checks that.
 */
export function policyIssues(
  spec: ExperimentSpec,
  hub: Hub,
  policy: BlastRadiusPolicy,
  now: Date = new Date(),
): Issue[] {
  const located = locateFaults(spec.faults);
  return [
    ...namespaceIssues(spec, located, policy),
    ...located.flatMap((entry) => shareIssues(entry, hub, policy)),
    ...scheduleIssues(spec, policy, now),
  ];
}

function namespaceIssues(
  spec: ExperimentSpec,
  located: readonly LocatedFault[],
  policy: BlastRadiusPolicy,
): Issue[] {
  const forbidden = new Set(policy.forbiddenNamespaces ?? []);
  if (forbidden.size === 0) return [];
  const used: [string, string | undefined][] = [
    // The workflow's namespace defaults to the chaos namespace: one namespace, one issue.
    ['namespace', spec.namespace === spec.chaosNamespace ? undefined : spec.namespace],
    ['chaosNamespace', spec.chaosNamespace],
    ['target.namespace', targetNamespace(spec.target)],
    ...located.map(({ use, path }): [string, string | undefined] => [
      `${path}.target.namespace`,
      targetNamespace(use.target),
    ]),
  ];
  return used.flatMap(([path, namespace]) =>
    namespace !== undefined && forbidden.has(namespace)
      ? [
          {
            path,
            message: `namespace "${namespace}" is forbidden by the policy (forbiddenNamespaces)`,
            hint: 'run the chaos in, and aim it at, a namespace the policy allows',
          },
        ]
      : [],
  );
}

/** The namespace a target names now: a workload's, or the default of a target read from parameters. */
function targetNamespace(target: ExperimentSpec['target']): string | undefined {
  if (target === undefined) return undefined;
  return target.type === 'workload' ? target.namespace : target.defaults.namespace;
}

function shareIssues({ use, path }: LocatedFault, hub: Hub, policy: BlastRadiusPolicy): Issue[] {
  const limit = policy.maxAffectedPercent;
  const fault = hub.faults.get(use.fault);
  if (limit === undefined || fault === undefined) return [];
  return SHARE_TUNABLES.flatMap((name) => {
    const tunable = fault.tunables.find((candidate) => candidate.name === name);
    if (tunable === undefined) return [];
    const given = use.tunables[name];
    const percent = Number(given ?? shippedDefault(tunable) ?? 0);
    if (!(percent > limit)) return [];
    const source = given === undefined ? ' (its default)' : '';
    return [
      {
        path: `${path}.tunables.${name}`,
        message: `${name} ${percent}%${source} is more than the policy's maxAffectedPercent of ${limit}%`,
        hint: `affect at most ${limit}% of the target, e.g. tunables: { ${name}: ${limit} }`,
      },
    ];
  });
}

function scheduleIssues(spec: ExperimentSpec, policy: BlastRadiusPolicy, now: Date): Issue[] {
  const windows = policy.allowedWindows;
  if (windows === undefined || spec.schedule === undefined) return [];
  const { timezone } = spec.schedule;
  if (timezone === undefined) {
    return [
      {
        path: 'schedule.timezone',
        message:
          "the schedule has no time zone, so its runs cannot be checked against the policy's allowedWindows",
        hint: "set schedule.timezone, e.g. 'Europe/Berlin'",
      },
    ];
  }
  return spec.schedule.cron.flatMap((expression, index) => {
    const path = spec.schedule?.cron.length === 1 ? 'schedule.cron' : `schedule.cron[${index}]`;
    const range = { from: now, until: new Date(now.getTime() + SCHEDULE_HORIZON_MS), max: MAX_FIRES_CHECKED };
    const fires = fireTimes(expression, timezone, range);
    if (fires === undefined) {
      return [
        {
          path,
          message: `"${expression}" fires relative to when Argo's controller started, so it cannot be kept inside the policy's allowedWindows`,
          hint: 'write the schedule as five fields, inside an allowed window',
        },
      ];
    }
    const outside = fires.find((fire) => !inAllowedWindow(fire, windows));
    if (outside === undefined) return [];
    return [
      {
        path,
        message: `"${expression}" fires at ${describeLocal(outside, timezone)}, outside the policy's allowed windows: ${describeWindows(windows)}`,
        hint: 'schedule the runs inside an allowed window, or widen allowedWindows in the policy',
      },
    ];
  });
}
