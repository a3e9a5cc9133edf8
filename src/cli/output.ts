/** Where a command writes: its normal output and its messages, injectable for tests. */
export interface Output {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Columns to fit tables into; unset when the output is not a terminal. */
  readonly width?: number | undefined;
}

/** The process's own streams. */
export const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  get width() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
};
