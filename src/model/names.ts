/** One DNS-1123 label, unanchored: lowercase letters, digits and '-', starting and ending alphanumeric. */
const LABEL_PART = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** A DNS-1123 label (names of most Kubernetes objects; at most {@link MAX_LABEL_LENGTH} characters). */
export const DNS_LABEL = new RegExp(`^${LABEL_PART}$`);

/** A DNS-1123 subdomain: DNS labels joined by dots (names of Secrets, label-key prefixes). */
export const DNS_SUBDOMAIN = new RegExp(`^${LABEL_PART}(\\.${LABEL_PART})*$`);

/** A Kubernetes label value: at most 63 of `[A-Za-z0-9._-]`, starting and ending alphanumeric, or empty. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A Kubernetes label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const LABEL_KEY = new RegExp(
  `^(${LABEL_PART}(\\.${LABEL_PART})*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`,
);

/** Longest Kubernetes label value and DNS label. */
export const MAX_LABEL_LENGTH = 63;

/** Longest CronWorkflow name: Argo appends a timestamp to the Workflows it creates. */
export const MAX_CRON_WORKFLOW_NAME = 52;

/** Longest Workflow name; `generateName` adds 5 random characters to the prefix. */
export const MAX_WORKFLOW_NAME = 63;

/** True when `name` is a DNS label of at most {@link MAX_LABEL_LENGTH} characters. */
export function isDnsLabel(name: string): boolean {
  return name.length <= MAX_LABEL_LENGTH && DNS_LABEL.test(name);
}

/** True when `key` is a valid label key whose name part is at most 63 characters. */
export function isLabelKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return LABEL_KEY.test(key) && name.length <= MAX_LABEL_LENGTH && key.length - name.length <= 254;
}

/** True when `value` is a valid label value. */
export function isLabelValue(value: string): boolean {
  return value.length <= MAX_LABEL_LENGTH && LABEL_VALUE.test(value);
}

/** True when `label` is exactly one `key=value` label selector, as Litmus's `applabel` takes it. */
export function isOneLabel(label: string): boolean {
  const [key, value, extra] = label.split('=');
  return (
    key !== undefined && value !== undefined && extra === undefined && isLabelKey(key) && isLabelValue(value)
  );
}

/** `pod-delete` → `podDelete`: a DNS-label name as a TypeScript identifier. */
export function camelCaseOf(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
