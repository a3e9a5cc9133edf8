import { isOneLabel } from '../model/names.js';

/** Annotation by which a workload names the one pod label Litmus should select it by. */
const TARGET_LABEL_ANNOTATION = 'chaosflow.io/target-label';

/** Selector labels that usually name one workload, most specific first. */
const PREFERRED_KEYS = ['app.kubernetes.io/instance', 'app.kubernetes.io/name', 'app'];

/** The parts of a workload the target label is read from. */
export interface LabelledWorkload {
  readonly metadata: { readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: { readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> } };
}

/**
 * The one `key=value` label Litmus selects the workload's pods by (it ORs several, which would widen the blast
 * radius): the workload's own choice in {@link TARGET_LABEL_ANNOTATION}, else one of its selector's labels,
 * preferring the ones that usually name a single workload. `undefined` when there is none to use.
 */
export function targetLabelOf(workload: LabelledWorkload): string | undefined {
  const chosen = workload.metadata.annotations?.[TARGET_LABEL_ANNOTATION];
  if (chosen !== undefined) return isOneLabel(chosen) ? chosen : undefined;
  const labels = workload.spec?.selector?.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const key = PREFERRED_KEYS.find((preferred) => preferred in labels) ?? keys[0];
  return key === undefined ? undefined : `${key}=${labels[key]}`;
}
