import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { ValidationError } from '../../src/errors.js';
import { guard } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { hub, specOf, templateOf } from '../helpers.js';
import { sample } from './fixtures.js';

const compiled = (overrides: Parameters<typeof sample>[0]) =>
  compileExperiment(sample(overrides), { hub: hub(), rbac: true }).objects;
const workflowOf = (objects: readonly KubeObject[]) => objects[0] as KubeObject;
const health = guard.http({ name: 'health', url: 'http://shop.example/health' });

describe('an approval before the chaos', () => {
  it('waits for a person first, fails the run at its timeout, and only then waits for the guardian', () => {
    const spec = specOf(workflowOf(compiled({ approval: { timeout: '30m' }, abortWhen: [health] })));
    const main = templateOf(spec, 'main');
    expect(main.steps?.slice(0, 3)).toEqual([
      [{ name: 'approval', template: 'approval' }],
      [
        {
          name: 'approval-timed-out',
          template: 'approval-timed-out',
          when: "{{= date(steps['approval'].finishedAt) - date(steps['approval'].startedAt) >= duration('1800s') }}",
        },
      ],
      [{ name: 'wait-for-guardian', template: 'wait-for-guardian' }],
    ]);
    expect(main.steps?.[3]?.every((step) => step.name.startsWith('install-'))).toBe(true);
    expect(templateOf(spec, 'approval')).toEqual({ name: 'approval', suspend: { duration: '1800s' } });
    expect(templateOf(spec, 'approval-timed-out')).toEqual({
      name: 'approval-timed-out',
      resource: {
        action: 'get',
        manifest:
          'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: "{{workflow.name}}"\n  namespace: "{{workflow.namespace}}"\n',
        failureCondition: 'approval != given-within-1800s',
      },
    });
  });

  it('waits an hour unless told, and adds the wait to the deadline', () => {
    const deadline = (objects: readonly KubeObject[]) => specOf(workflowOf(objects)).activeDeadlineSeconds;
    const approved = compiled({ approval: {} });
    expect(templateOf(specOf(workflowOf(approved)), 'approval').suspend).toEqual({ duration: '3600s' });
    expect(deadline(approved) - deadline(compiled({}))).toBe(3600);
    expect(deadline(compiled({ approval: { timeout: '10m' }, deadline: '20m' }))).toBe(1800);
  });

  it('lets the workflow account read its own run, which approval-timed-out does', () => {
    const role = compiled({ approval: { timeout: '5m' } }).find(
      (object) => object.kind === 'Role' && object.metadata.name?.includes('workflow'),
    ) as KubeObject & { rules: { resources: string[]; verbs: string[] }[] };
    expect(role.rules).toContainEqual({
      apiGroups: ['argoproj.io'],
      resources: ['workflows'],
      verbs: ['get'],
    });
    const unapproved = compiled({}).find(
      (object) => object.kind === 'Role' && object.metadata.name?.includes('workflow'),
    ) as KubeObject & { rules: { resources: string[] }[] };
    expect(unapproved.rules.flatMap((rule) => rule.resources)).not.toContain('workflows');
  });

  it('has no approval steps unless asked for', () => {
    const spec = specOf(workflowOf(compiled({})));
    expect(spec.templates.map((template) => template.name)).not.toContain('approval');
    expect(templateOf(spec, 'main').steps?.[0]?.[0]?.name).toMatch(/^install-/);
  });

  it('refuses a timeout that is not a duration, saying where', () => {
    const compile = () => compiled({ approval: { timeout: 'soon' as '1m' } });
    expect(compile).toThrow(ValidationError);
    expect(compile).toThrow(/approval\.timeout/);
  });
});
