import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import {
  parseRunSource,
  withParameters,
  workflowFromCron,
  workflowFromTemplate,
} from '../../src/run/run-source.js';

const template: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'WorkflowTemplate',
  metadata: {
    name: 'checkout-gameday',
    namespace: 'litmus',
    labels: {
      workflow_id: 'checkout-gameday',
      'app.kubernetes.io/managed-by': 'chaosflow',
      'chaosflow.io/sync-source': 'git-abc123',
    },
  },
  spec: {
    arguments: {
      parameters: [
        { name: 'appNamespace', value: 'shop' },
        { name: 'appKind', value: 'deployment', enum: ['deployment', 'statefulset'] },
        { name: 'appLabel' },
      ],
    },
  },
};

describe('parseRunSource', () => {
  it.each([
    ['workflowtemplate/checkout', { kind: 'workflowtemplate', name: 'checkout' }],
    ['wftmpl/checkout', { kind: 'workflowtemplate', name: 'checkout' }],
    ['clusterworkflowtemplate/checkout', { kind: 'clusterworkflowtemplate', name: 'checkout' }],
    ['cwft/checkout', { kind: 'clusterworkflowtemplate', name: 'checkout' }],
    ['cronwf/nightly', { kind: 'cronworkflow', name: 'nightly' }],
    ['CronWorkflow/nightly', { kind: 'cronworkflow', name: 'nightly' }],
    ['experiments/checkout.ts', { kind: 'file', path: 'experiments/checkout.ts' }],
    ['./checkout.ts', { kind: 'file', path: './checkout.ts' }],
  ])('%s', (text, source) => {
    expect(parseRunSource(text)).toEqual(source);
  });

  it('refuses a kind without a name', () => {
    expect(() => parseRunSource('cronwf/')).toThrow('cronwf/ names no cronworkflow\n  → write cronwf/<name>');
  });
});

describe('workflowFromTemplate', () => {
  it('runs a ClusterWorkflowTemplate in the namespace given, by a cluster-scoped reference', () => {
    const cluster: KubeObject = {
      ...template,
      kind: 'ClusterWorkflowTemplate',
      metadata: { name: 'checkout-gameday', labels: { workflow_id: 'checkout-gameday' } },
    };
    expect(workflowFromTemplate(cluster, { appLabel: 'app=checkout' }, 'shop')).toMatchObject({
      metadata: {
        generateName: 'checkout-gameday-',
        namespace: 'shop',
        labels: { workflow_id: 'checkout-gameday' },
      },
      spec: { workflowTemplateRef: { name: 'checkout-gameday', clusterScope: true } },
    });
    expect(() => workflowFromTemplate(cluster, { nope: '1' }, 'shop')).toThrow(
      /ClusterWorkflowTemplate checkout-gameday has no parameter nope/,
    );
  });

  it('references the template with the labels a run needs (not the GitOps source’s) and the values given', () => {
    expect(workflowFromTemplate(template, { appLabel: 'app=checkout', appKind: 'statefulset' })).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        generateName: 'checkout-gameday-',
        namespace: 'litmus',
        labels: { workflow_id: 'checkout-gameday', 'app.kubernetes.io/managed-by': 'chaosflow' },
      },
      spec: {
        workflowTemplateRef: { name: 'checkout-gameday' },
        arguments: {
          parameters: [
            { name: 'appNamespace', value: 'shop' },
            { name: 'appKind', value: 'statefulset', enum: ['deployment', 'statefulset'] },
            { name: 'appLabel', value: 'app=checkout' },
          ],
        },
      },
    });
  });

  it('refuses, all at once, an unknown parameter, a value outside the enum and a missing value', () => {
    const attempt = () => workflowFromTemplate(template, { appKind: 'daemonset', replicas: '3' });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(
      [
        '-p appKind=daemonset: not one of deployment, statefulset',
        '-p replicas: WorkflowTemplate checkout-gameday has no parameter replicas (it has: appNamespace, appKind, appLabel)',
        'WorkflowTemplate checkout-gameday needs a value for appLabel: give -p appLabel=<value>',
        '  → pass only the parameters it declares',
      ].join('\n'),
    );
  });
});

describe('workflowFromCron', () => {
  it('runs the CronWorkflow’s workflow spec now, labelled as Argo labels it', () => {
    const cron: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: {
        name: 'nightly',
        namespace: 'litmus',
        labels: {
          workflow_id: 'nightly',
          'chaosflow.io/sync-source': 'a1b2c3',
          'workflows.argoproj.io/controller-instanceid': 'chaos',
        },
      },
      spec: {
        schedule: '0 2 * * *',
        workflowMetadata: { labels: { workflow_id: 'nightly', 'app.kubernetes.io/managed-by': 'chaosflow' } },
        workflowSpec: { entrypoint: 'main', templates: [] },
      },
    };
    expect(workflowFromCron(cron, {})).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        generateName: 'nightly-',
        namespace: 'litmus',
        labels: {
          'workflows.argoproj.io/controller-instanceid': 'chaos',
          'workflows.argoproj.io/cron-workflow': 'nightly',
          workflow_id: 'nightly',
          'app.kubernetes.io/managed-by': 'chaosflow',
        },
      },
      spec: { entrypoint: 'main', templates: [] },
    });
  });
});

describe('withParameters', () => {
  it('refuses a parameter an experiment without parameters was given', () => {
    const workflow: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { generateName: 'nginx-pod-delete-' },
      spec: { entrypoint: 'main' },
    };
    expect(() => withParameters(workflow, { x: '1' })).toThrow(
      '-p x: experiment nginx-pod-delete- has no parameter x (it has: none)',
    );
    expect(withParameters(workflow, {})).toEqual(workflow);
  });
});
