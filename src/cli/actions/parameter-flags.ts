import { UserError } from '../../errors.js';

/** The values of repeated `-p name=value` flags; the value may hold `=` itself (`-p appLabel=app=checkout`). */
export function parametersOf(flags: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    flags.map((flag) => {
      const equals = flag.indexOf('=');
      if (equals <= 0)
        throw new UserError(`-p ${flag}: not name=value\n  → for example -p appLabel=app=checkout`);
      return [flag.slice(0, equals), flag.slice(equals + 1)];
    }),
  );
}
