import { relative } from 'node:path';

/** A path as the user would write it: relative to the working directory when it lies below it. */
export function displayPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path.startsWith('..') ? file : path;
}
