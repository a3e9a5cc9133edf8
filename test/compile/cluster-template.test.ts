import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../../src/compile/compile.js';
import { faults, guard, param, target } from '../../src/index.js';
import type { KubeObject, WorkflowSpec } from '../../src/k8s/objects.js';
import { hub, templateOf } from '../helpers.js';
import { sample } from './fixtures.js';

const build = (overrides: Parameters<typeof sample>[0] = {}) =>
  compileExperiment(sample(overrides), { hub: hub(), kind: 'cluster-template', rbac: true });

describe('--kind cluster-template', () => {
  it('emits a cluster-scoped ClusterWorkflowTemplate that labels its runs as a WorkflowTemplate does', () => {
    const [template] = build().objects as [KubeObject];
    expect(template.kind).toBe('ClusterWorkflowTemplate');
    expect(template.metadata).toEqual({
      name: 'sample',
      labels: { workflow_id: 'sample', 'app.kubernetes.io/managed-by': 'chaosflow' },
    });
    const spec = template.spec as WorkflowSpec;
    expect(spec.workflowMetadata).toEqual({ labels: template.metadata.labels });
    expect(spec.entrypoint).toBe('main');
    expect(spec.onExit).toBe('cleanup');
    expect(spec.metrics?.prometheus[0]?.labels?.[1]).toEqual({ key: 'kind', value: 'cluster-template' });
  });

  it("gives a pipeline's templateRef the entry chaos, which runs main and then cleanup however main ends", () => {
    const spec = build().objects[0]?.spec as WorkflowSpec;
    expect(templateOf(spec, 'chaos')).toEqual({
      name: 'chaos',
      steps: [[{ name: 'main', template: 'main', hooks: { exit: { template: 'cleanup' } } }]],
    });
    const namespaced = compileExperiment(sample(), { hub: hub(), kind: 'template' }).objects[0]
      ?.spec as WorkflowSpec;
    expect(namespaced.templates.map((template) => template.name)).not.toContain('chaos');
  });

  it('keeps its RBAC namespaced: accounts where its runs are submitted, chaos grants there and in the target namespace', () => {
    const rbac = build().objects.slice(1);
    const accounts = rbac.filter((object) => object.kind === 'ServiceAccount');
    expect(accounts.map((account) => account.metadata.namespace)).toEqual(['litmus', 'litmus']);
    expect(new Set(rbac.map((object) => object.metadata.namespace))).toEqual(new Set(['litmus', 'app']));
  });

  it('warns that a pipeline calling a guarded experiment cannot be guarded', () => {
    const health = guard.http({ name: 'health', url: 'http://shop.example/health' });
    expect(build({ abortWhen: [health] }).warnings).toContain(
      "sample: a pipeline that calls it through templateRef runs its chaos inside the pipeline's own Workflow, which chaosflow's guardian does not watch: that run fails at wait-for-guardian without chaos; submit it as a run of its own (argo submit --from clusterworkflowtemplate/sample) to have it guarded",
    );
    expect(build().warnings.filter((warning) => warning.includes('templateRef'))).toEqual([]);
  });

  it('warns that a pipeline calling it must declare its parameters, a target from parameters and params alike', () => {
    const chaosDuration = param('chaosDuration', { default: '30s', description: 'How long', enum: ['30s'] });
    const warnings = build({
      target: target.fromParameters({ kinds: ['deployment'] }),
      faults: [faults.podDelete({ tunables: { totalChaosDuration: chaosDuration } })],
    }).warnings;
    expect(warnings).toContain(
      'sample: a pipeline that calls it through templateRef must declare its parameters (appNamespace, appKind, appLabel, chaosDuration) among its own arguments, with the same enums: the chaos reads them as workflow parameters, and a run whose value is outside an enum fails before any chaos',
    );
    const namespaced = compileExperiment(
      sample({ faults: [faults.podDelete({ tunables: { totalChaosDuration: chaosDuration } })] }),
      { hub: hub(), kind: 'template' },
    );
    expect(namespaced.warnings.filter((warning) => warning.includes('templateRef'))).toEqual([]);
  });

  it('names the ClusterWorkflowTemplate in the warning about a schedule it leaves out', () => {
    expect(build({ schedule: { cron: ['@daily'] } }).warnings).toContain(
      'sample: its schedule (@daily) is left out: a ClusterWorkflowTemplate has none; build it with --kind cron (the default for a scheduled experiment) to run it on schedule',
    );
  });
});
