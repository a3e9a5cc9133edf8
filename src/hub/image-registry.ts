import type { Hub, HubFault } from './hub.js';

/**
 * Moves an image to another registry, keeping its name and tag or digest:
 * `litmuschaos.docker.scarf.sh/litmuschaos/go-runner:3.28.0` with `registry.corp/chaos` becomes
 * `registry.corp/chaos/go-runner:3.28.0`. Mirror the images under that flat path.
 */
export function rewriteImage(image: string, registry: string): string {
  const nameAndTag = image.slice(image.lastIndexOf('/') + 1);
  return `${registry.replace(/\/+$/, '')}/${nameAndTag}`;
}

/**
 * The hub with every image its faults start (the experiment image and each `image` tunable's default)
 * moved to `registry`, for clusters that cannot pull from public registries.
 */
export function withImageRegistry(hub: Hub, registry: string): Hub {
  const faults = new Map([...hub.faults].map(([name, fault]) => [name, faultWithRegistry(fault, registry)]));
  return { ...hub, faults };
}

function faultWithRegistry(fault: HubFault, registry: string): HubFault {
  const moved = new Map(
    fault.tunables.flatMap((tunable) => {
      const image = tunable.type === 'image' ? (tunable.default ?? tunable.codeDefault) : undefined;
      return image === undefined || image === ''
        ? []
        : [[tunable.env, rewriteImage(image, registry)] as const];
    }),
  );
  const definition = fault.experiment.spec.definition;
  // An image only Litmus's code defaults would be pulled from the public registry: set it explicitly.
  const env = [
    ...definition.env.map((entry) => ({ ...entry, value: moved.get(entry.name) ?? entry.value })),
    ...[...moved]
      .filter(([name]) => !definition.env.some((entry) => entry.name === name))
      .map(([name, value]) => ({ name, value })),
  ];
  const experiment = {
    ...fault.experiment,
    spec: {
      ...fault.experiment.spec,
      definition: { ...definition, image: rewriteImage(definition.image, registry), env },
    },
  };
  const tunables = fault.tunables.map((tunable) => {
    const image = moved.get(tunable.env);
    return image === undefined ? tunable : { ...tunable, default: image };
  });
  return { ...fault, experiment, tunables };
}
