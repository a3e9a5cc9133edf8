/**
 * One problem found in a user's input: where it is, what is wrong, and how to fix it.
 * `path` is the location inside the experiment (or hub file), written as the user wrote it,
 * e.g. `faults[1].steps[0].tunables.cpuLoad`.
 */
export interface Issue {
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

/** Base class of every error chaosflow raises on purpose; anything else is an internal error. */
export class ChaosflowError extends Error {
  override name = 'ChaosflowError';
}

/** The input (an experiment, a CLI argument) is wrong; the message says what, where and how to fix it. */
export class UserError extends ChaosflowError {
  override name = 'UserError';
}

/** An experiment failed validation; carries every issue found, not just the first. */
export class ValidationError extends UserError {
  override name = 'ValidationError';

  constructor(
    /** What was validated, e.g. `experiment "nginx-chaos"`. */
    readonly subject: string,
    readonly issues: readonly Issue[],
  ) {
    super(`${subject} is invalid:\n${formatIssues(issues)}`);
  }
}

/** A hub file is missing, unreadable or does not match the hub schema. */
export class HubError extends UserError {
  override name = 'HubError';
}

/** Renders issues one per block, zod-style: `✖ path: message` then `→ hint`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path === '' ? '' : `${issue.path}: `;
      const hint = issue.hint === undefined ? '' : `\n    → ${issue.hint}`;
      return `  ✖ ${where}${issue.message}${hint}`;
    })
    .join('\n');
}
