import type { FaultUse } from '../model/fault-use.js';
import { FAULT_OUTPUTS } from './names.js';

/**
 * The Argo expression computing the resiliency score as Litmus defines it: Σ(weight × probe success %) / Σ
 * weight, truncated to an integer. `scope` is `steps` or `tasks`. A fault that ended without a numeric
 * percentage (its engine was stopped, or it never ran) counts as 0; `?.` and `??` keep a missing output
 * from failing the expression.
 */
export function scoreExpression(uses: readonly FaultUse[], scope: 'steps' | 'tasks'): string {
  const weighted = uses.filter((use) => use.weight > 0);
  const totalWeight = weighted.reduce((sum, use) => sum + use.weight, 0);
  const terms = weighted.map((use) => {
    const value = `(${scope}['${use.name}']?.outputs?.parameters?.${FAULT_OUTPUTS.probeSuccess} ?? '')`;
    return `${use.weight} * (${value} matches '^[0-9]+$' ? asInt(${value}) : 0)`;
  });
  return `string(int((${terms.join(' + ')}) / ${totalWeight}))`;
}
