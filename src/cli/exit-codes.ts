/** Process exit codes of every chaosflow command. */
export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** The input was wrong: an invalid experiment, a missing file, a bad flag. */
  userError: 1,
  /** chaosflow itself failed; a bug worth reporting. */
  internalError: 2,
} as const;
