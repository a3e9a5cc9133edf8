import { parseDuration } from '../model/duration.js';
import type { Guard } from '../model/guard.js';
import type { Reading } from './reading.js';

/** What one reading means for a condition: carry on, or stop the run because it has held long enough. */
export type StreakVerdict = { readonly abort: false } | { readonly abort: true; readonly heldMs: number };

/**
 * How long one condition has held, reading after reading. A condition holds while it is breached, or while it
 * cannot be evaluated and says `whenUnavailable: 'abort'`; one reading that does not hold starts the count again.
 * The run is stopped once it has held for the condition's `for` (at once when that is `0s`).
 */
export class BreachStreak {
  private since: number | undefined;

  constructor(private readonly guard: Guard) {}

  observe(reading: Reading, nowMs: number): StreakVerdict {
    if (!this.holds(reading)) {
      this.since = undefined;
      return { abort: false };
    }
    this.since ??= nowMs;
    const heldMs = nowMs - this.since;
    return heldMs >= (parseDuration(this.guard.for) ?? 0) ? { abort: true, heldMs } : { abort: false };
  }

  private holds(reading: Reading): boolean {
    if (reading.state === 'unavailable') return whenUnavailable(this.guard) === 'abort';
    return reading.state === 'breached';
  }
}

/** An HTTP check that gets no answer is breached, so only the other kinds can be unavailable. */
function whenUnavailable(guard: Guard): 'abort' | 'continue' {
  return guard.type === 'http' ? 'abort' : guard.whenUnavailable;
}
