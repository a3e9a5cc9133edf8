import { describe, expect, it } from 'vitest';
import { rewriteImage, withImageRegistry } from '../../src/hub/image-registry.js';
import { hub } from '../helpers.js';

describe('rewriteImage', () => {
  it.each([
    ['litmuschaos.docker.scarf.sh/litmuschaos/go-runner:3.28.0', 'registry.corp/litmus/go-runner:3.28.0'],
    ['alexeiled/stress-ng:latest-ubuntu', 'registry.corp/litmus/stress-ng:latest-ubuntu'],
    ['ubuntu:16.04', 'registry.corp/litmus/ubuntu:16.04'],
    ['gaiadocker/iproute2', 'registry.corp/litmus/iproute2'],
    [
      'ghcr.io/org/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'registry.corp/litmus/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ],
  ])('moves %s to %s, keeping its name and tag', (image, moved) => {
    expect(rewriteImage(image, 'registry.corp/litmus')).toBe(moved);
    expect(rewriteImage(image, 'registry.corp/litmus/')).toBe(moved);
  });
});

describe('withImageRegistry', () => {
  const moved = withImageRegistry(hub(), 'mirror.local:5000/chaos');

  it('moves every ChaosExperiment image and every image tunable, and nothing else', () => {
    for (const fault of moved.faults.values()) {
      const definition = fault.experiment.spec.definition;
      expect(definition.image).toMatch(/^mirror\.local:5000\/chaos\/[^/]+$/);
      const original = hub().faults.get(fault.name)?.experiment.spec.definition.env ?? [];
      for (const [index, env] of definition.env.entries()) {
        const isImage = fault.tunables.some(
          (tunable) => tunable.env === env.name && tunable.type === 'image',
        );
        if (isImage && env.value !== '') expect(env.value).toMatch(/^mirror\.local:5000\/chaos\//);
        else expect(env).toEqual(original[index]);
      }
    }
  });

  it('moves the defaults the DSL documents', () => {
    const podCpuHog = moved.faults.get('pod-cpu-hog');
    expect(podCpuHog?.tunables.find((tunable) => tunable.env === 'STRESS_IMAGE')?.default).toBe(
      'mirror.local:5000/chaos/stress-ng:latest-ubuntu',
    );
    const libImage = moved.faults
      .get('kubelet-service-kill')
      ?.experiment.spec.definition.env.find((env) => env.name === 'LIB_IMAGE');
    expect(libImage?.value).toBe('mirror.local:5000/chaos/ubuntu:16.04');
  });

  it('sets an image that only Litmus code would pick, so nothing is pulled from the public registry', () => {
    const podDelete = hub().faults.get('pod-delete');
    if (podDelete === undefined) throw new Error('no pod-delete');
    const helperImage = {
      env: 'HELPER_IMAGE',
      name: 'helperImage',
      type: 'image',
      codeDefault: 'example.org/helper:1.0',
      description: 'Helper image, read by the code only.',
    } as const;
    const withHelper = { ...podDelete, tunables: [...podDelete.tunables, helperImage] };
    const single = { ...hub(), faults: new Map([['pod-delete', withHelper]]) };
    const result = withImageRegistry(single, 'mirror.local/chaos').faults.get('pod-delete');
    expect(result?.experiment.spec.definition.env.at(-1)).toEqual({
      name: 'HELPER_IMAGE',
      value: 'mirror.local/chaos/helper:1.0',
    });
    expect(result?.tunables.at(-1)?.default).toBe('mirror.local/chaos/helper:1.0');
  });

  it('leaves the original hub untouched', () => {
    expect(hub().faults.get('pod-delete')?.experiment.spec.definition.image).toBe(
      'litmuschaos.docker.scarf.sh/litmuschaos/go-runner:3.28.0',
    );
  });
});
