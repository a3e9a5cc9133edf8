import type { ImageOptions } from '../../compile/images.js';
import { loadHubs } from '../../hub/combine.js';
import type { Hub } from '../../hub/hub.js';
import { loadPolicyFile } from '../../load/policy-file.js';
import type { BlastRadiusPolicy } from '../../policy/policy.js';
import type { HubOptions } from '../hub-option.js';

/** The built-in hub plus the custom hubs named by `--hub`. */
export function hubFromOptions(options: Pick<HubOptions, 'hub'>): Hub {
  return loadHubs(options.hub);
}

/** The blast-radius policy named by `--policy`, if any. */
export function policyFromOptions(options: Pick<HubOptions, 'policy'>): { policy?: BlastRadiusPolicy } {
  return options.policy === undefined ? {} : { policy: loadPolicyFile(options.policy) };
}

/** The image options named on the command line, if any. */
export function imagesFromOptions(options: HubOptions): ImageOptions {
  return {
    ...(options.imageRegistry === undefined ? {} : { registry: options.imageRegistry }),
    ...(options.imageRegistryCustomHubs === true ? { customHubs: true } : {}),
    pullSecrets: options.imagePullSecret,
    ...(options.imagePullPolicy === undefined ? {} : { pullPolicy: options.imagePullPolicy }),
  };
}
