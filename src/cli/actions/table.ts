import Table from 'cli-table3';

/** Width when the output is not a terminal (pipes, files, tests), so output does not depend on the caller. */
const DEFAULT_WIDTH = 120;

const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/**
 * An aligned, borderless table in the style of `kubectl get`: upper-case headings, columns sized to their
 * content, and the last column word-wrapped to fit `width`.
 */
export function renderTable(
  head: readonly string[],
  rows: readonly string[][],
  width = DEFAULT_WIDTH,
): string {
  const widths = head.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const last = Math.max(30, Math.min(widths.at(-1) ?? 0, width - fixed));
  const table = new Table({
    head: head.map((heading) => heading.toUpperCase()),
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colWidths: [...widths.slice(0, -1), last],
    wordWrap: true,
  });
  table.push(...rows.map((row) => [...row]));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}
