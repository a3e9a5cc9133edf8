import type { Guard, GuardOfType } from '../model/guard.js';
import { type ConditionReader, failureText, type Reading } from './reading.js';

/** A reader for each kind of condition. */
export type ReadersByType = {
  readonly [T in Guard['type']]: (guard: GuardOfType<T>, signal: AbortSignal) => Promise<Reading>;
};

/** One reader for every condition, by its kind; whatever a reader throws is an `unavailable` reading. */
export function conditionReader(readers: ReadersByType): ConditionReader {
  return async (guard, signal) => {
    const read = readers[guard.type] as (guard: Guard, signal: AbortSignal) => Promise<Reading>;
    try {
      return await read(guard, signal);
    } catch (error) {
      return { state: 'unavailable', detail: failureText(error) };
    }
  };
}
