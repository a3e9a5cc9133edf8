import { UserError } from '../errors.js';
import { rewriteImage } from '../hub/image-registry.js';
import { DNS_SUBDOMAIN } from '../model/names.js';
import { PULL_POLICIES, type PullPolicy } from '../model/pull-policy.js';

/** Where a compiled run pulls its images from, for clusters without access to public registries. */
export interface ImageOptions {
  /** Registry and path that mirror Litmus's images by name and tag, e.g. `registry.corp/litmus`. */
  readonly registry?: string;
  /** Move the images of custom hubs' faults to the registry too; they are left alone otherwise. */
  readonly customHubs?: boolean;
  /** Secrets in the chaos namespace to pull the chaos runner and experiment images with. */
  readonly pullSecrets?: readonly string[];
  /**
   * Pull policy of the runner, the fault's pod and its helper pods, for experiments that set none (Litmus ships
   * `Always`, which a cluster without registry access cannot follow).
   */
  readonly pullPolicy?: PullPolicy;
}

/** The image settings every ChaosEngine of a compile carries. */
export interface EngineImages {
  /** Set only with a registry; otherwise the operator's default runner image is used. */
  readonly runnerImage?: string;
  readonly pullSecrets: readonly string[];
  /** Moves a probe's own image (a cmdProbe's `source.image`) to the registry, if there is one. */
  readonly probeImage: (image: string) => string;
  /** Pull policy of every pod of the run's chaos, when the experiment or the build sets one. */
  readonly pullPolicy?: PullPolicy;
}

/** No mirror, no pull secrets, Litmus's pull policies. */
export const HUB_IMAGES: EngineImages = { pullSecrets: [], probeImage: (image) => image };

/** The Litmus image every ChaosEngine starts first. */
const RUNNER_IMAGE = 'litmuschaos/chaos-runner';

/** `host[:port][/path]` of a registry: what precedes an image's name, as container runtimes parse it. */
const REGISTRY =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\/?$/;

/**
 * Why the image options cannot work on a cluster, each with how to fix it; empty when they can.
 * Kubernetes would refuse the objects, or the runtime would fail to pull, only once chaos is under way.
 */
export function imageOptionProblems(options: ImageOptions | undefined): string[] {
  const problems: string[] = [];
  const registry = options?.registry;
  if (registry !== undefined && !REGISTRY.test(registry)) {
    problems.push(
      `image registry "${registry}" is not a registry host and path\n  → give host[:port][/path] without a scheme or tag, e.g. registry.corp/litmus or localhost:5000/chaos`,
    );
  }
  for (const secret of options?.pullSecrets ?? []) {
    if (secret.length > 253 || !DNS_SUBDOMAIN.test(secret)) {
      problems.push(
        `image pull secret "${secret}" is not a valid Secret name\n  → use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
      );
    }
  }
  if (options?.pullPolicy !== undefined && !PULL_POLICIES.includes(options.pullPolicy)) {
    problems.push(
      `image pull policy "${options.pullPolicy}" is not one Kubernetes knows\n  → use ${PULL_POLICIES.join(', ')}`,
    );
  }
  return problems;
}

/** @throws {@link UserError} listing every problem of the image options. */
export function checkImageOptions(options: ImageOptions | undefined): void {
  const problems = imageOptionProblems(options);
  if (problems.length > 0) throw new UserError(problems.join('\n'));
}

/**
 * Resolves the image options against the hub's Litmus release; the experiment's own pull policy wins over the
 * build's.
 */
export function engineImages(
  options: ImageOptions | undefined,
  litmusVersion: string,
  experimentPullPolicy?: PullPolicy,
): EngineImages {
  const pullSecrets = options?.pullSecrets ?? [];
  const pullPolicy = experimentPullPolicy ?? options?.pullPolicy;
  const policy = pullPolicy === undefined ? {} : { pullPolicy };
  const registry = options?.registry;
  if (registry === undefined) return { pullSecrets, probeImage: (image) => image, ...policy };
  return {
    runnerImage: rewriteImage(`${RUNNER_IMAGE}:${litmusVersion}`, registry),
    pullSecrets,
    probeImage: (image) => rewriteImage(image, registry),
    ...policy,
  };
}

/** A ChaosEngine's `spec.components` for the runner pod, or nothing when the operator's defaults apply. */
export function runnerComponents(images: EngineImages): { components?: { runner: Record<string, unknown> } } {
  const runner = {
    ...(images.runnerImage === undefined ? {} : { image: images.runnerImage }),
    ...(images.pullPolicy === undefined ? {} : { imagePullPolicy: images.pullPolicy }),
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
