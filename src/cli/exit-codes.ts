/** Process exit codes of every chaosflow command. */
export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** The input was wrong: an invalid experiment, a missing file, a bad flag. */
  userError: 1,
  /** chaosflow itself failed; a bug worth reporting. */
  internalError: 2,
  /** `run`: the chaos ran to its verdicts, and one is not Pass. */
  chaosFailed: 3,
  /** `run`: the run could not reach its verdicts: stopped, aborted by a guard, past its deadline, an error. */
  incomplete: 4,
  /** `run`: detached (a second Ctrl-C) while the run goes on. */
  detached: 130,
} as const;

/** Ends a command with a code of its own once it has said why, such as a run whose chaos failed. */
export class CommandExit {
  constructor(readonly code: number) {}
}
