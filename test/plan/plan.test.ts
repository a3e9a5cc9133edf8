import { describe, expect, it } from 'vitest';
import { type FaultFacts, planFault } from '../../src/plan/plan.js';
import { hub } from '../helpers.js';

const podDelete = hub().faults.get('pod-delete');
const nodeDrain = hub().faults.get('node-drain');
const podCpuHog = hub().faults.get('pod-cpu-hog');
const target = { namespace: 'shop', kind: 'deployment', label: 'app=web' };
const pod = (name: string) => ({ name, labels: { app: 'web' } });
const facts = (change: Partial<FaultFacts> = {}): FaultFacts => ({
  target,
  workloads: ['web'],
  pods: [pod('web-1'), pod('web-2'), pod('web-3'), pod('web-4')],
  budgets: [],
  installed: { version: podDelete?.experiment.metadata.labels?.['app.kubernetes.io/version'] ?? '' },
  access: [{ what: 'delete pods in shop', allowed: true }],
  ...change,
});

describe('planFault', () => {
  if (podDelete === undefined || nodeDrain === undefined || podCpuHog === undefined)
    throw new Error('hub faults missing');

  it('counts the pods Litmus would pick with its own rounding, and passes when every check holds', () => {
    const plan = planFault('kill-web', podDelete, { PODS_AFFECTED_PERC: '50' }, facts());
    expect(plan).toMatchObject({
      step: 'kill-web',
      fault: 'pod-delete',
      pods: 4,
      affected: 2,
      workloads: ['web'],
    });
    expect(plan.checks.map((check) => [check.check, check.ok])).toEqual([
      ['target', true],
      ['experiment', true],
      ['permissions', true],
    ]);
    expect(plan.checks[0]?.detail).toBe('4 pods of web (deployment labelled app=web in shop)');
    expect(planFault('kill-web', podDelete, { PODS_AFFECTED_PERC: '' }, facts()).affected).toBe(1);
    expect(
      planFault('kill-web', podDelete, { PODS_AFFECTED_PERC: '10', TARGET_PODS: 'web-1' }, facts()).affected,
    ).toBe(4);
  });

  it('fails a target that matches no pod, saying which workloads it found', () => {
    const plan = planFault('kill-web', podDelete, {}, facts({ pods: [], workloads: [] }));
    expect(plan.affected).toBe(0);
    expect(plan.checks[0]).toEqual({
      check: 'target',
      ok: false,
      detail: 'matches no pod: deployment labelled app=web in shop, and no workload',
    });
  });

  it('fails when the fault would hit more pods than a PodDisruptionBudget allows now', () => {
    const plan = planFault(
      'kill-web',
      podDelete,
      { PODS_AFFECTED_PERC: '50' },
      facts({
        budgets: [
          { name: 'web', disruptionsAllowed: 1, selects: 4 },
          { name: 'all', disruptionsAllowed: 3, selects: 4 },
        ],
      }),
    );
    expect(plan.checks.filter((check) => check.check === 'disruption budget')).toEqual([
      {
        check: 'disruption budget',
        ok: false,
        detail:
          'web allows 1 disruption now; the fault would hit 2 pods, more than it allows (Litmus does not ask the budget)',
      },
      {
        check: 'disruption budget',
        ok: true,
        detail: 'all allows 3 disruptions now; the fault would hit 2 pods',
      },
    ]);
  });

  it('fails permissions the chaos service account lacks, and names them', () => {
    const plan = planFault(
      'kill-web',
      podDelete,
      {},
      facts({
        access: [
          { what: 'delete pods in shop', allowed: false },
          { what: 'list pods in shop', allowed: true },
          { what: 'create events in litmus', allowed: false },
        ],
      }),
    );
    expect(plan.checks.find((check) => check.check === 'permissions')).toEqual({
      check: 'permissions',
      ok: false,
      detail:
        'the chaos service account may not: delete pods in shop; create events in litmus (chaosflow build --rbac writes the grants)',
    });
  });

  it('checks Pod Security only for faults with privileged helper pods', () => {
    expect(podCpuHog.privileged || podDelete.privileged).toBe(true);
    const privileged = podCpuHog.privileged ? podCpuHog : podDelete;
    const restricted = planFault('hog', privileged, {}, facts({ podSecurity: 'restricted' }));
    expect(restricted.checks.at(-1)).toMatchObject({ check: 'pod security', ok: false });
    expect(
      planFault('hog', privileged, {}, facts({ podSecurity: 'privileged' })).checks.at(-1),
    ).toMatchObject({ check: 'pod security', ok: true });
  });

  it('picks nodes for a node fault: the named ones, or a share of those labelled', () => {
    const named = planFault(
      'drain',
      nodeDrain,
      { TARGET_NODE: 'kwok-1' },
      facts({ nodes: ['kwok-1'], missingNodes: [] }),
    );
    expect(named).toMatchObject({ affected: 1, nodes: ['kwok-1'] });
    expect(named.checks[0]).toEqual({ check: 'target', ok: true, detail: '1 node: kwok-1' });
    const missing = planFault(
      'drain',
      nodeDrain,
      { TARGET_NODE: 'gone' },
      facts({ nodes: [], missingNodes: ['gone'] }),
    );
    expect(missing.checks[0]).toEqual({ check: 'target', ok: false, detail: 'no node gone' });
  });

  it('says the experiment is installed over an older version, which does not fail the plan', () => {
    const plan = planFault('kill-web', podDelete, {}, facts({ installed: { version: '2.14.0' } }));
    expect(plan.checks.find((check) => check.check === 'experiment')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^installed at version 2\.14\.0; the run installs the hub's .+ over it$/),
    });
  });
});
