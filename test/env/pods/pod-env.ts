import type { V1Container, V1EnvVar, V1Pod } from '@kubernetes/client-node';

/**
 * A container's environment as a kubelet gives it: literal values, and the downward-API fields these pods use
 * (`metadata.name`, `metadata.namespace`, `metadata.uid`, `spec.serviceAccountName`); later entries win.
 * Variables from ConfigMaps or Secrets are not resolved: none of the pods this runner takes uses them.
 */
export function containerEnv(
  pod: V1Pod,
  container: V1Container,
  extra: readonly V1EnvVar[] = [],
): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
  };
  return Object.fromEntries(
    [...(container.env ?? []), ...extra].flatMap((variable) => {
      const value = variable.value ?? fields[variable.valueFrom?.fieldRef?.fieldPath ?? ''];
      return value === undefined ? [] : [[variable.name, value]];
    }),
  );
}
