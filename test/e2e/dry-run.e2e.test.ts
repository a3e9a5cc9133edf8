import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import { experiment, fault, target } from '../../src/index.js';
import type { KubeObject, Template } from '../../src/k8s/objects.js';
import { serverSideApply } from '../env/apply.js';
import { hub, loadExamples, specOf } from '../helpers.js';

const config = new KubeConfig();

/** What Argo would put in place of the variables the embedded Litmus manifests use. */
const RUN_VALUES: Record<string, string> = {
  'workflow.uid': '123e4567-e89b-12d3-a456-426614174000',
  'workflow.parameters.appNamespace': 'shop',
  'workflow.parameters.appKind': 'deployment',
  'workflow.parameters.appLabel': 'app=cart',
};

function substitute(manifest: string): string {
  return manifest.replace(/\{\{([^}]+)\}\}/g, (whole, name: string) => RUN_VALUES[name.trim()] ?? whole);
}

async function compiledExamples(): Promise<{ file: string; objects: readonly KubeObject[] }[]> {
  return (await loadExamples()).map(({ file, experiment }) => ({
    file,
    objects: compileExperiment(experiment, { hub: hub(), rbac: true }).objects,
  }));
}

/** The Litmus objects a workflow creates or applies through its resource templates, as they would be at run time. */
function litmusObjects(workflow: KubeObject): KubernetesObject[] {
  return specOf(workflow)
    .templates.filter(
      (template: Template) => template.resource?.action === 'create' || template.resource?.action === 'apply',
    )
    .map((template) => parse(substitute(template.resource?.manifest ?? '')) as KubernetesObject);
}

function namespacesOf(objects: readonly KubernetesObject[]): string[] {
  return [
    ...new Set(
      objects.flatMap((object) =>
        object.metadata?.namespace === undefined ? [] : [object.metadata.namespace],
      ),
    ),
  ];
}

beforeAll(async () => {
  config.loadFromFile(inject('kubeconfig'));
  const all = (await compiledExamples()).flatMap(({ objects }) => [
    ...objects,
    ...objects.filter((o) => o.apiVersion.startsWith('argoproj')).flatMap(litmusObjects),
  ]);
  const namespaces = namespacesOf(all as KubernetesObject[]).map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  }));
  await serverSideApply(config, namespaces);
});

describe('every example, against a real API server with the full Argo and Litmus CRDs', () => {
  it('passes a server-side dry-run apply of its workflow and RBAC objects', async () => {
    for (const { file, objects } of await compiledExamples()) {
      const applied = await serverSideApply(config, [...objects] as KubernetesObject[], { dryRun: true });
      expect(
        applied.map((object) => object.kind),
        file,
      ).toEqual(objects.map((object) => object.kind));
    }
  });

  it('creates Litmus objects (ChaosExperiments, ChaosEngines) that the Litmus CRDs accept', async () => {
    for (const { file, objects } of await compiledExamples()) {
      const litmus = objects
        .filter((object) => object.apiVersion.startsWith('argoproj'))
        .flatMap(litmusObjects);
      expect(litmus.length, file).toBeGreaterThan(1);
      const applied = await serverSideApply(config, litmus, { dryRun: true });
      expect(
        applied.map((object) => object.metadata?.name),
        file,
      ).toEqual(litmus.map((object) => object.metadata?.name));
    }
  });
});

describe('every fault of the hub, against the real Litmus CRDs', () => {
  /** One experiment per fault, pulling its images from a mirror with a pull secret, with its RBAC. */
  function compiledFaults(): { fault: string; objects: readonly KubeObject[] }[] {
    return [...hub().faults.keys()].map((name) => ({
      fault: name,
      objects: compileExperiment(
        experiment({
          name: `hub-${name}`,
          target: target.deployment({ namespace: 'shop', labels: { app: 'cart' } }),
          faults: [fault(name)],
        }),
        { hub: hub(), rbac: true, images: { registry: 'mirror.local/litmus', pullSecrets: ['mirror-pull'] } },
      ).objects,
    }));
  }

  it('installs each ChaosExperiment and creates each ChaosEngine, with mirrored images', async () => {
    const compiled = compiledFaults();
    expect(compiled).toHaveLength(31);
    for (const { fault: name, objects } of compiled) {
      const [workflow] = objects;
      if (workflow === undefined) throw new Error(`${name}: nothing compiled`);
      const litmus = litmusObjects(workflow);
      const applied = await serverSideApply(config, litmus, { dryRun: true });
      expect(
        applied.map((object) => `${object.kind}/${object.metadata?.name}`),
        name,
      ).toEqual(litmus.map((object) => `${object.kind}/${object.metadata?.name}`));
      const installed = applied.find((object) => object.kind === 'ChaosExperiment') as
        | { spec: { definition: { image: string } } }
        | undefined;
      expect(installed?.spec.definition.image, name).toMatch(/^mirror\.local\/litmus\//);
    }
  });

  it("accepts each fault's least-privilege RBAC, cluster-wide for cluster-scoped faults", async () => {
    for (const { fault: name, objects } of compiledFaults()) {
      const rbac = objects.filter((object) => !object.apiVersion.startsWith('argoproj'));
      const applied = await serverSideApply(config, [...rbac] as KubernetesObject[], { dryRun: true });
      expect(
        applied.map((object) => object.kind),
        name,
      ).toEqual(rbac.map((object) => object.kind));
      const clusterScoped = hub().faults.get(name)?.scope === 'Cluster';
      expect(
        applied.some((object) => object.kind === 'ClusterRole'),
        name,
      ).toBe(clusterScoped);
    }
  });
});

describe('the CRDs really validate', () => {
  it('refuse a ChaosEngine whose engineState is not active or stop', async () => {
    const engine = {
      apiVersion: 'litmuschaos.io/v1alpha1',
      kind: 'ChaosEngine',
      metadata: { name: 'bad', namespace: 'litmus' },
      spec: { engineState: 'paused' },
    };
    await expect(serverSideApply(config, [engine], { dryRun: true })).rejects.toThrow(/engineState/);
  });

  it('refuse a WorkflowTemplate with a wrongly typed field', async () => {
    const template = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'bad', namespace: 'litmus' },
      spec: { entrypoint: 'main', activeDeadlineSeconds: 'soon', templates: [{ name: 'main', suspend: {} }] },
    };
    await expect(serverSideApply(config, [template], { dryRun: true })).rejects.toThrow(
      /activeDeadlineSeconds/,
    );
  });
});
