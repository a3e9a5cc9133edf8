import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The value `make` returns, made the first time it is asked for and kept. */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/**
 * A module loaded the first time it is needed rather than when the code using it loads: for libraries most runs
 * of a command never call, since loading each costs every run milliseconds of a start-up that is most of a CLI
 * command's time. Synchronous (`require`; Node ≥ 20.19 requires ES modules too), so callers stay synchronous.
 * `specifier` is a package name or an absolute path.
 */
export const lazyModule = <Module>(specifier: string): (() => Module) =>
  lazy(() => require(specifier) as Module);
