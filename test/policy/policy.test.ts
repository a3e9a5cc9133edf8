import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../src/compile/compile.js';
import { ValidationError } from '../../src/errors.js';
import { faults, target } from '../../src/index.js';
import { policyIssues } from '../../src/policy/check.js';
import { type AllowedWindow, type BlastRadiusPolicy, parsePolicy } from '../../src/policy/policy.js';
import { inAllowedWindow } from '../../src/policy/windows.js';
import { sample } from '../compile/fixtures.js';
import { hub } from '../helpers.js';

const officeHours: AllowedWindow = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:00',
  timezone: 'Europe/Berlin',
};
/** A Monday, 08:00 UTC (09:00 in Berlin, winter time). */
const MONDAY = new Date('2026-12-07T08:00:00Z');

const issuesOf = (experiment: unknown, policy: BlastRadiusPolicy) =>
  policyIssues(validateExperiment(experiment, { hub: hub() }), hub(), policy, MONDAY).map(
    (issue) => `${issue.path}: ${issue.message}`,
  );

describe('a blast-radius policy', () => {
  it('refuses forbidden namespaces wherever the experiment names them', () => {
    const experiment = sample({
      chaosNamespace: 'chaos',
      faults: [
        faults.podDelete({ target: target.deployment({ namespace: 'payments', labels: { app: 'x' } }) }),
      ],
    });
    expect(issuesOf(experiment, { forbiddenNamespaces: ['payments', 'chaos'] })).toEqual([
      'chaosNamespace: namespace "chaos" is forbidden by the policy (forbiddenNamespaces)',
      'faults[0] (step "pod-delete").target.namespace: namespace "payments" is forbidden by the policy (forbiddenNamespaces)',
    ]);
    expect(issuesOf(experiment, { forbiddenNamespaces: ['kube-system'] })).toEqual([]);
  });

  it('limits the share of pods or nodes a fault affects, its hub default included', () => {
    const experiment = sample({
      faults: [
        faults.podDelete({ tunables: { podsAffectedPerc: 80 } }),
        faults.nodeCpuHog({ tunables: { nodesAffectedPerc: 25 } }),
        faults.podCpuHog(),
      ],
    });
    expect(issuesOf(experiment, { maxAffectedPercent: 50 })).toEqual([
      'faults[0] (step "pod-delete").tunables.podsAffectedPerc: podsAffectedPerc 80% is more than the policy\'s maxAffectedPercent of 50%',
    ]);
    expect(issuesOf(experiment, { maxAffectedPercent: 20 })).toEqual([
      'faults[0] (step "pod-delete").tunables.podsAffectedPerc: podsAffectedPerc 80% is more than the policy\'s maxAffectedPercent of 20%',
      'faults[1] (step "node-cpu-hog").tunables.nodesAffectedPerc: nodesAffectedPerc 25% is more than the policy\'s maxAffectedPercent of 20%',
    ]);
  });

  it('keeps every run of a schedule inside the allowed windows, in their own time zones', () => {
    const scheduled = (cron: string, timezone?: string) =>
      sample({ schedule: { cron, ...(timezone === undefined ? {} : { timezone }) } });
    const policy: BlastRadiusPolicy = { allowedWindows: [officeHours] };
    expect(issuesOf(scheduled('30 10 * * 1-5', 'Europe/Berlin'), policy)).toEqual([]);
    // 09:30 in New York is 15:30 in Berlin.
    expect(issuesOf(scheduled('30 9 * * 1-5', 'America/New_York'), policy)).toEqual([]);
    expect(issuesOf(scheduled('0 3 * * 1-5', 'Europe/Berlin'), policy)).toEqual([
      'schedule.cron: "0 3 * * 1-5" fires at tue 03:00 (Europe/Berlin), outside the policy\'s allowed windows: mon, tue, wed, thu, fri 09:00–17:00 (Europe/Berlin)',
    ]);
    expect(issuesOf(scheduled('0 12 * * *', 'Europe/Berlin'), policy)).toEqual([
      'schedule.cron: "0 12 * * *" fires at sat 12:00 (Europe/Berlin), outside the policy\'s allowed windows: mon, tue, wed, thu, fri 09:00–17:00 (Europe/Berlin)',
    ]);
    expect(issuesOf(scheduled('0 12 * * 1'), policy)).toEqual([
      "schedule.timezone: the schedule has no time zone, so its runs cannot be checked against the policy's allowedWindows",
    ]);
    expect(issuesOf(scheduled('@every 2h', 'Europe/Berlin'), policy)).toEqual([
      `schedule.cron: "@every 2h" fires relative to when Argo's controller started, so it cannot be kept inside the policy's allowedWindows`,
    ]);
  });

  it('reads a window in its time zone, end excluded, across a change of summer time', () => {
    const windows = [officeHours];
    expect(inAllowedWindow(new Date('2026-12-07T08:00:00Z'), windows)).toBe(true);
    expect(inAllowedWindow(new Date('2026-12-07T07:59:00Z'), windows)).toBe(false);
    expect(inAllowedWindow(new Date('2026-12-07T16:00:00Z'), windows)).toBe(false);
    // Summer time: 09:00 in Berlin is 07:00 UTC.
    expect(inAllowedWindow(new Date('2026-07-06T07:00:00Z'), windows)).toBe(true);
    expect(inAllowedWindow(new Date('2026-12-05T12:00:00Z'), windows)).toBe(false);
  });

  it('is refused at build with every problem at once, beside the experiment’s own', () => {
    try {
      validateExperiment(
        sample({
          chaosNamespace: 'kube-system',
          faults: [faults.podDelete({ tunables: { podsAffectedPerc: 80 } })],
        }),
        { hub: hub(), policy: { forbiddenNamespaces: ['kube-system'], maxAffectedPercent: 50 } },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        'chaosNamespace',
        'faults[0] (step "pod-delete").tunables.podsAffectedPerc',
      ]);
    }
  });

  it('says what is wrong with a policy file, everything at once', () => {
    expect(parsePolicy({ maxAffectedPercent: 0, allowedWindows: [] })).toEqual({
      ok: false,
      issues: [
        {
          path: 'maxAffectedPercent',
          message: 'Too small: expected number to be >=1',
          hint: 'give at least 1',
        },
        {
          path: 'allowedWindows',
          message: 'Too small: expected array to have >=1 items',
          hint: 'give at least 1',
        },
      ],
    });
    expect(parsePolicy(null)).toEqual({ ok: true, policy: {} });
  });
});
