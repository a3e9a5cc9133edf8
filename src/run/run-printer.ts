import type { RunReport } from '../report/run-report.js';
import { liveFrame } from './live-frame.js';
import { progressLines } from './progress.js';

/** Where `chaosflow run` shows a run as it goes. */
export interface RunPrinter {
  /** The run as it stands now. */
  show(report: RunReport): void;
  /** Something the user should know (stopping, detaching), shown with the run. */
  note(text: string): void;
  /** The run has ended, or the user detached: leave what is shown as it is. */
  done(): void;
}

/** One line per change, for logs and pipes: never a redraw, never a spinner. */
export function linePrinter(write: (text: string) => void, say: (text: string) => void): RunPrinter {
  let previous: RunReport | undefined;
  return {
    show: (report) => {
      for (const line of progressLines(previous, report)) write(line);
      previous = report;
    },
    note: (text) => say(`${text}\n`),
    done: () => {},
  };
}

/** What the live view draws with: a function that replaces the last frame (log-update), and the width. */
export interface Redraw {
  (frame: string): void;
  done(): void;
}

/** The live view on a terminal: one frame, redrawn in place on every change. */
export function livePrinter(redraw: Redraw, width: () => number): RunPrinter {
  let last: RunReport | undefined;
  let note: string | undefined;
  const draw = () => {
    if (last !== undefined) redraw(liveFrame(last, width(), note));
  };
  return {
    show: (report) => {
      last = report;
      draw();
    },
    note: (text) => {
      note = text;
      draw();
    },
    done: () => redraw.done(),
  };
}
