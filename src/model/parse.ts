import type { Issue } from '../errors.js';
import { type ExperimentSpec, experimentSchema } from './experiment.js';
import { toIssues } from './zod-issues.js';

/** The outcome of parsing an experiment: the spec with defaults applied, or every issue found. */
export type ParseResult = { ok: true; spec: ExperimentSpec } | { ok: false; issues: Issue[] };

/** Checks an experiment's structure and applies defaults; hub-dependent checks happen when compiling. */
export function parseExperiment(input: unknown): ParseResult {
  const result = experimentSchema.safeParse(input, { reportInput: true });
  return result.success
    ? { ok: true, spec: result.data }
    : { ok: false, issues: toIssues(result.error, input) };
}
