import { sep } from 'node:path';
import { BUILTIN_HUB_DIR } from '../package-paths.js';
import type { Hub, HubFault } from './hub.js';
import { shippedDefault } from './tunable-value.js';

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
 * moved to `registry`, for clusters that cannot pull from public registries. Only the built-in hub's faults
 * are moved, which pull Litmus's images: a custom hub's images are its author's, moved only with `customHubs`.
 */
export function withImageRegistry(hub: Hub, registry: string, options: { customHubs?: boolean } = {}): Hub {
  const moves = (fault: HubFault) => options.customHubs === true || isBuiltin(fault);
  const faults = new Map(
    [...hub.faults].map(([name, fault]) => [name, moves(fault) ? faultWithRegistry(fault, registry) : fault]),
  );
  return { ...hub, faults };
}

/** Whether a fault comes from the hub shipped with chaosflow. */
function isBuiltin(fault: HubFault): boolean {
  return fault.source === BUILTIN_HUB_DIR || fault.source.startsWith(`${BUILTIN_HUB_DIR}${sep}`);
}

function faultWithRegistry(fault: HubFault, registry: string): HubFault {
  const moved = new Map(
    fault.tunables.flatMap((tunable) => {
      const image = tunable.type === 'image' ? shippedDefault(tunable) : undefined;
      return image === undefined ? [] : [[tunable.env, rewriteImage(image, registry)] as const];
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
