import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WATCHED_KINDS, WORKLOAD_KINDS } from '../../src/model/workload-kinds.js';
import { CHART_DIR } from './chart-dir.js';

/** The rules of a `define` block of the chart's helpers, as YAML. */
function definedRules(name: string): { apiGroups: string[]; resources: string[]; verbs: string[] }[] {
  const helpers = readFileSync(join(CHART_DIR, 'templates', '_helpers.tpl'), 'utf8');
  const block = new RegExp(`{{- define "${name}" -}}\\n([\\s\\S]*?){{- end }}`).exec(helpers)?.[1];
  if (block === undefined) throw new Error(`no define "${name}" in the chart's _helpers.tpl`);
  return parse(block);
}

describe("the chart's RBAC for watched workloads", () => {
  it('lets the service get, list and watch exactly the kinds the trigger watches', () => {
    const granted = definedRules('chaosflow.workloadRules')
      .filter((rule) => rule.verbs.includes('watch'))
      .flatMap((rule) =>
        rule.apiGroups.flatMap((group) => rule.resources.map((resource) => `${group}/${resource}`)),
      );
    const watched = WATCHED_KINDS.map(
      (kind) => `${WORKLOAD_KINDS[kind].group}/${WORKLOAD_KINDS[kind].resource}`,
    );
    expect(granted.sort()).toEqual(watched.sort());
  });
});
