import { InvalidArgumentError } from 'commander';
import { DURATION_HINT, parseDuration } from '../model/duration.js';

// Parsers of option values: each turns the text into its value or says, in commander's terms, why not.

/** For a repeatable option: every value given, in order. */
export const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

/** `true` or `false`, for options written `--prune=false`. */
export function booleanArgument(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError(`"${value}" is not true or false.`);
}

/** A duration such as `5m`, in milliseconds. */
export function milliseconds(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`"${value}" is not a duration; ${DURATION_HINT}.`);
  return ms;
}

/** A TCP port, 0 meaning any free one. */
export function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port (0-65535).`);
  }
  return number;
}
