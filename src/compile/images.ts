import { rewriteImage } from '../hub/image-registry.js';

/** Where a compiled run pulls Litmus's images from, for clusters without access to public registries. */
export interface ImageOptions {
  /** Registry and path that mirror Litmus's images by name and tag, e.g. `registry.corp/litmus`. */
  readonly registry?: string;
  /** Secrets in the chaos namespace to pull the chaos runner and experiment images with. */
  readonly pullSecrets?: readonly string[];
}

/** The image settings every ChaosEngine of a compile carries. */
export interface EngineImages {
  /** Set only with a registry; otherwise the operator's default runner image is used. */
  readonly runnerImage?: string;
  readonly pullSecrets: readonly string[];
}

/** The Litmus image every ChaosEngine starts first. */
const RUNNER_IMAGE = 'litmuschaos/chaos-runner';

/** Resolves the image options against the hub's Litmus release. */
export function engineImages(options: ImageOptions | undefined, litmusVersion: string): EngineImages {
  const pullSecrets = options?.pullSecrets ?? [];
  return options?.registry === undefined
    ? { pullSecrets }
    : { runnerImage: rewriteImage(`${RUNNER_IMAGE}:${litmusVersion}`, options.registry), pullSecrets };
}

/** A ChaosEngine's `spec.components` for the runner pod, or nothing when the operator's defaults apply. */
export function runnerComponents(images: EngineImages): { components?: { runner: Record<string, unknown> } } {
  const runner = {
    ...(images.runnerImage === undefined ? {} : { image: images.runnerImage }),
    ...(images.pullSecrets.length === 0 ? {} : { imagePullSecrets: secretReferences(images) }),
  };
  return Object.keys(runner).length === 0 ? {} : { components: { runner } };
}

/** An experiment's `components.experimentImagePullSecrets`, or nothing. */
export function experimentPullSecrets(images: EngineImages): {
  experimentImagePullSecrets?: { name: string }[];
} {
  return images.pullSecrets.length === 0 ? {} : { experimentImagePullSecrets: secretReferences(images) };
}

function secretReferences(images: EngineImages): { name: string }[] {
  return images.pullSecrets.map((name) => ({ name }));
}
