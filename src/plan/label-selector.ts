/** A Kubernetes label selector (`matchLabels` and `matchExpressions`), as a PodDisruptionBudget holds it. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

/**
 * Whether `selector` selects an object with `labels`, by the API's rules (every term must hold; an empty selector
 * selects everything). Written here because the JavaScript client has no selector matching, and the plan must
 * match budgets to pods it has already listed rather than list pods once per budget.
 */
export function selects(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  const byLabels = Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return byLabels && (selector?.matchExpressions ?? []).every((term) => holds(term, labels));
}

function holds(
  term: NonNullable<LabelSelector['matchExpressions']>[number],
  labels: Readonly<Record<string, string>>,
): boolean {
  const value = labels[term.key];
  switch (term.operator) {
    case 'In':
      return value !== undefined && (term.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(term.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return false;
  }
}
