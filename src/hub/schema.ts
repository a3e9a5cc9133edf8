import { lazy } from '../lazy.js';
import { z } from '../zod.js';

/**
 * The on-disk format of a hub fault, in `hub/faults/<category>/<fault>/`:
 * - `fault.yaml`: the Litmus ChaosExperiment as the Litmus hub ships it (image pinned to a release);
 * - `tunables.yaml`: chaosflow's typed metadata for every env var of that ChaosExperiment.
 *
 * The schemas are made on first use: commands read the built-in hub from its snapshot (snapshot.ts) and never
 * check a hub file, and making these schemas is a third of the zod work of a `build`.
 */

/** The schemas of a hub's files. */
export const hubSchemas = lazy(() => {
  /** A Kubernetes RBAC policy rule, as in a ChaosExperiment's `permissions`. */
  const policyRuleSchema = z.strictObject({
    apiGroups: z.array(z.string()),
    resources: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    verbs: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    resourceNames: z.optional(z.array(z.string())),
  });

  const envVarSchema = z.strictObject({
    name: z.string().check(z.minLength(1)),
    value: z._default(z.string(), ''),
  });

  /** A Litmus ChaosExperiment (`litmuschaos.io/v1alpha1`), checked on the fields chaosflow relies on. */
  const chaosExperimentSchema = z.looseObject({
    apiVersion: z.literal('litmuschaos.io/v1alpha1'),
    kind: z.literal('ChaosExperiment'),
    description: z.looseObject({ message: z.string().check(z.minLength(1)) }),
    metadata: z.looseObject({
      name: z.string().check(z.minLength(1)),
      labels: z._default(z.record(z.string(), z.string()), {}),
    }),
    spec: z.strictObject({
      definition: z.looseObject({
        scope: z.enum(['Namespaced', 'Cluster']),
        permissions: z.array(policyRuleSchema).check(z.minLength(1)),
        image: z.string().check(z.minLength(1)),
        imagePullPolicy: z.optional(z.enum(['Always', 'IfNotPresent', 'Never'])),
        command: z.array(z.string()).check(z.minLength(1)),
        args: z.array(z.string()),
        env: z._default(z.array(envVarSchema), []),
        labels: z._default(z.record(z.string(), z.string()), {}),
        /** Secrets the experiment pod mounts, which must exist in the chaos namespace (e.g. an SSH key). */
        secrets: z.optional(
          z.array(
            z.looseObject({
              name: z.string().check(z.minLength(1)),
              mountPath: z.string().check(z.minLength(1)),
            }),
          ),
        ),
      }),
    }),
  });

  const tunableBase = {
    /** The env var Litmus reads. */
    env: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'env var names are UPPER_SNAKE_CASE')),
    /** The DSL name; defaults to the env var in camelCase. */
    name: z.optional(z.string().check(z.regex(/^[a-z][A-Za-z0-9]*$/, 'names are camelCase'))),
    description: z.string().check(z.minLength(1)),
    /** Litmus's code default, for tunables the ChaosExperiment leaves out or empty. */
    codeDefault: z.optional(z.string()),
  };

  /** Typed metadata of one tunable (env var) of a fault. */
  const tunableSchema = z.discriminatedUnion('type', [
    z.strictObject({ ...tunableBase, type: z.literal('duration'), unit: z.enum(['s', 'ms']) }),
    z.strictObject({
      ...tunableBase,
      type: z.literal('integer'),
      min: z.optional(z.number().check(z.int())),
      max: z.optional(z.number().check(z.int())),
      unit: z.optional(z.string().check(z.minLength(1))),
    }),
    z.strictObject({ ...tunableBase, type: z.literal('percentage') }),
    z.strictObject({ ...tunableBase, type: z.literal('boolean') }),
    z.strictObject({
      ...tunableBase,
      type: z.literal('enum'),
      values: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    }),
    z.strictObject({ ...tunableBase, type: z.literal('string'), pattern: z.optional(z.string()) }),
    z.strictObject({ ...tunableBase, type: z.literal('list') }),
    z.strictObject({
      ...tunableBase,
      type: z.literal('json'),
      /** A JSON object of strings (the default) or a JSON array of strings. */
      shape: z._default(z.enum(['map', 'list']), 'map'),
    }),
    /** A container image the fault starts; rewritten with the image registry option for air-gapped clusters. */
    z.strictObject({ ...tunableBase, type: z.literal('image') }),
  ]);

  /** `tunables.yaml`: a fault's one-line summary and typed tunables. */
  const tunablesFileSchema = z.strictObject({
    /** Must equal the ChaosExperiment's name. */
    fault: z.string().check(z.minLength(1)),
    /** One sentence on what the fault does, shown in completions and `hub show`. */
    summary: z.string().check(z.minLength(1)),
    /** Its helper pods mount the node's container-runtime socket. */
    runtimeSocket: z._default(z.boolean(), false),
    /** Its helper pods run privileged, share the node's PID or network namespace, or mount host paths. */
    privileged: z._default(z.boolean(), false),
    tunables: z.array(tunableSchema).check(z.minLength(1)),
  });

  /** `hub.yaml` at the hub's root. */
  const hubFileSchema = z.strictObject({
    name: z.string().check(z.minLength(1)),
    /** The Litmus release the faults and images are pinned to. */
    litmusVersion: z.string().check(z.regex(/^\d+\.\d+\.\d+$/, 'a release number such as 3.28.0')),
  });
  return {
    policyRule: policyRuleSchema,
    chaosExperiment: chaosExperimentSchema,
    tunable: tunableSchema,
    tunablesFile: tunablesFileSchema,
    hubFile: hubFileSchema,
  };
});

type HubSchemas = ReturnType<typeof hubSchemas>;

/** An RBAC policy rule. */
export type PolicyRule = z.output<HubSchemas['policyRule']>;

/** A Litmus ChaosExperiment as loaded from a hub. */
export type ChaosExperiment = z.output<HubSchemas['chaosExperiment']>;

/** Typed metadata of one tunable, as written in `tunables.yaml`. */
export type TunableMetadata = z.output<HubSchemas['tunable']>;
