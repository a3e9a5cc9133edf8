import type { Parameter } from '../k8s/objects.js';
import type { ParameterTarget } from '../model/target.js';

/** Workflow parameters that carry a target, named as in the Litmus hub's workflows. */
export const TARGET_PARAMETERS = { namespace: 'appNamespace', kind: 'appKind', label: 'appLabel' } as const;

const variable = (name: string) => `workflow.parameters.${name}`;

/** How templates refer to the target parameters. */
export const PARAMETER_REFS = {
  namespace: `{{${variable(TARGET_PARAMETERS.namespace)}}}`,
  kind: `{{${variable(TARGET_PARAMETERS.kind)}}}`,
  label: `{{${variable(TARGET_PARAMETERS.label)}}}`,
} as const;

/**
 * A `when` condition that holds when the label parameter is not empty. Written as an expression tag so that
 * a quote inside the value cannot break it, as it would in govaluate's text form.
 */
export const LABEL_GIVEN = `{{= ${variable(TARGET_PARAMETERS.label)} != '' }}`;

/**
 * The workflow parameters of a target taken from parameters, with descriptions and an `enum` of kinds for
 * the Argo UI's submit form. A parameter without a default has no `value`, so Argo refuses to submit the
 * workflow without it rather than run chaos on an empty selector.
 */
export function targetParameters(target: ParameterTarget): Parameter[] {
  const [label] = Object.entries(target.defaults.labels ?? {});
  return [
    {
      name: TARGET_PARAMETERS.namespace,
      ...(target.defaults.namespace === undefined ? {} : { value: target.defaults.namespace }),
      description: 'Namespace of the workload to hit.',
    },
    {
      name: TARGET_PARAMETERS.kind,
      value: target.defaults.kind ?? target.kinds[0] ?? 'deployment',
      enum: [...target.kinds],
      description: 'Kind of the workload to hit.',
    },
    {
      name: TARGET_PARAMETERS.label,
      ...(label === undefined ? {} : { value: `${label[0]}=${label[1]}` }),
      description:
        'One label that selects the workload to hit, as key=value. Litmus treats several comma-separated labels as OR.',
    },
  ];
}
