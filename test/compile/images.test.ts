import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileExperiment } from '../../src/compile/compile.js';
import { imageOptionProblems } from '../../src/compile/images.js';
import { loadHubs } from '../../src/hub/combine.js';
import { experiment, fault, faults, probe, target } from '../../src/index.js';
import type { KubeObject } from '../../src/k8s/objects.js';
import { CUSTOM_HUB_DIR, hub, specOf, templateOf } from '../helpers.js';

const web = target.deployment({ namespace: 'app', labels: { app: 'web' } });

const curlProbe = probe.cmd({
  name: 'answers',
  mode: 'EOT',
  command: 'curl -s http://web.app/',
  comparator: { type: 'string', criteria: 'contains', value: 'ok' },
  source: { image: 'curlimages/curl:8.10.1' },
  runProperties: { probeTimeout: '5s', interval: '1s' },
});

/** The objects an experiment compiles to, with the given image options and pull policy. */
function compiled(
  images: Parameters<typeof compileExperiment>[1]['images'],
  pullPolicy?: 'Always' | 'IfNotPresent' | 'Never',
  hubToUse = hub(),
  step = faults.podDelete({ probes: [curlProbe] }),
): KubeObject {
  const spec = experiment({
    name: 'images',
    target: web,
    faults: [step],
    ...(pullPolicy === undefined ? {} : { imagePullPolicy: pullPolicy }),
  });
  return compileExperiment(spec, { hub: hubToUse, ...(images === undefined ? {} : { images }) })
    .objects[0] as KubeObject;
}

function manifests(workflow: KubeObject, fault: string) {
  const spec = specOf(workflow);
  return {
    experiment: parse(templateOf(spec, `install-${fault}`).resource?.manifest ?? ''),
    engine: parse(templateOf(spec, `engine-${fault}`).resource?.manifest ?? ''),
  };
}

describe('image options', () => {
  it('leave everything as the hub ships it by default', () => {
    const { experiment: chaosExperiment, engine } = manifests(compiled(undefined), 'pod-delete');
    expect(chaosExperiment.spec.definition.imagePullPolicy).toBe('Always');
    expect(engine.spec.components).toBeUndefined();
    expect(engine.spec.experiments[0].spec.probe[0]['cmdProbe/inputs'].source).toEqual({
      image: 'curlimages/curl:8.10.1',
    });
  });

  it("set the build's pull policy on the ChaosExperiment, the runner, the helper pods and the probe's pod", () => {
    const { experiment: chaosExperiment, engine } = manifests(
      compiled({ pullPolicy: 'IfNotPresent' }),
      'pod-delete',
    );
    expect(chaosExperiment.spec.definition.imagePullPolicy).toBe('IfNotPresent');
    expect(engine.spec.components.runner).toEqual({ imagePullPolicy: 'IfNotPresent' });
    const experimentSpec = engine.spec.experiments[0].spec;
    expect(experimentSpec.components.env).toContainEqual({
      name: 'LIB_IMAGE_PULL_POLICY',
      value: 'IfNotPresent',
    });
    expect(experimentSpec.probe[0]['cmdProbe/inputs'].source.imagePullPolicy).toBe('IfNotPresent');
  });

  it("let an experiment's own pull policy win over the build's", () => {
    const { experiment: chaosExperiment } = manifests(
      compiled({ pullPolicy: 'IfNotPresent' }, 'Never'),
      'pod-delete',
    );
    expect(chaosExperiment.spec.definition.imagePullPolicy).toBe('Never');
  });

  it("move a cmdProbe's own image to the mirror with the fault's images", () => {
    const { engine } = manifests(compiled({ registry: 'registry.corp/chaos' }), 'pod-delete');
    expect(engine.spec.components.runner.image).toBe('registry.corp/chaos/chaos-runner:3.28.0');
    expect(engine.spec.experiments[0].spec.probe[0]['cmdProbe/inputs'].source.image).toBe(
      'registry.corp/chaos/curl:8.10.1',
    );
  });

  it("leave a custom hub's images alone, unless asked to move them too", () => {
    const custom = loadHubs([CUSTOM_HUB_DIR]);
    const redis = fault('redis-flush' as never);
    const image = (images: Parameters<typeof compileExperiment>[1]['images']) =>
      manifests(compiled(images, undefined, custom, redis), 'redis-flush').experiment.spec.definition.image;
    const shipped = custom.faults.get('redis-flush')?.experiment.spec.definition.image;
    expect(image({ registry: 'registry.corp/chaos' })).toBe(shipped);
    expect(image({ registry: 'registry.corp/chaos', customHubs: true })).toMatch(
      /^registry\.corp\/chaos\/[^/]+$/,
    );
    expect(
      manifests(compiled({ registry: 'registry.corp/chaos' }, undefined, custom), 'pod-delete').experiment
        .spec.definition.image,
    ).toBe('registry.corp/chaos/go-runner:3.28.0');
  });

  it.each([
    ['registry.corp/litmus', []],
    ['localhost:5000', []],
    ['10.0.0.1:5000/mirror/chaos', []],
    ['https://registry.corp', ['image registry "https://registry.corp" is not a registry host and path']],
    ['registry.corp/Litmus', ['image registry "registry.corp/Litmus" is not a registry host and path']],
    [
      'registry.corp/litmus:3.28',
      ['image registry "registry.corp/litmus:3.28" is not a registry host and path'],
    ],
  ])('refuse a registry Kubernetes could not pull from: %s', (registry, expected) => {
    expect(imageOptionProblems({ registry }).map((problem) => problem.split('\n')[0])).toEqual(expected);
  });

  it('refuse pull secret names Kubernetes would refuse, each one, and name the fix', () => {
    expect(imageOptionProblems({ pullSecrets: ['regcred', 'My_Secret', 'a'.repeat(254)] })).toEqual([
      `image pull secret "My_Secret" is not a valid Secret name\n  → use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
      `image pull secret "${'a'.repeat(254)}" is not a valid Secret name\n  → use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
    ]);
    expect(() => compiled({ pullSecrets: ['My_Secret'] })).toThrow(
      'image pull secret "My_Secret" is not a valid Secret name',
    );
  });
});
