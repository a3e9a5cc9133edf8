import { UserError } from '../errors.js';
import { camelCaseOf, DNS_LABEL } from '../model/names.js';

/**
 * Checks a name that a scaffold writes into file names, YAML and TypeScript: a DNS label of at most
 * `maxLength` characters, which also makes it safe to insert into any of those.
 */
export function checkScaffoldName(what: string, value: string, maxLength: number, flag: string): string {
  if (DNS_LABEL.test(value) && value.length <= maxLength) return value;
  throw new UserError(
    `${what} "${value}" is not a valid name\n  → use at most ${maxLength} lower-case letters, digits and '-', starting and ending with a letter or digit (${flag})`,
  );
}

/** `my-app` → `myApp`, for a TypeScript identifier. */
export function identifierOf(name: string): string {
  const camel = camelCaseOf(name);
  return /^[0-9]/.test(camel) ? `app${camel}` : camel;
}
