import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { UserError } from '../errors.js';
import { type FileToWrite, writeFilesAtomically } from '../files/write-files.js';
import { TEMPLATES_DIR } from '../package-paths.js';

/** npm drops files named `.gitignore` from packages, so templates name them without the dot. */
const RENAMED = new Map([['gitignore', '.gitignore']]);

const handlebars = Handlebars.create();
// JSON string literals are valid YAML and TypeScript strings: templates use {{json x}} for free text.
handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));

/** A file a template produces: where it goes, relative to the target directory, and its text. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Renders every `*.hbs` file under `templates/<name>` with `context`. Templates are strict: a template that
 * names a value the context lacks is a bug and throws, rather than rendering an empty string.
 */
export function renderTemplates(name: string, context: Record<string, unknown>): RenderedFile[] {
  const root = join(TEMPLATES_DIR, name);
  return templateFiles(root).map((file) => {
    const template = handlebars.compile(readFileSync(file, 'utf8'), { strict: true, noEscape: true });
    return { path: outputPath(relative(root, file), context), text: template(context) };
  });
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return templateFiles(path);
      return entry.name.endsWith('.hbs') ? [path] : [];
    })
    .sort();
}

function outputPath(templatePath: string, context: Record<string, unknown>): string {
  const path = handlebars.compile(templatePath.replace(/\.hbs$/, ''), { strict: true })(context);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const renamed = RENAMED.get(name);
  return renamed === undefined ? path : join(dirname(path), renamed);
}

/**
 * Writes rendered files under `dir`, all or none. Nothing is overwritten: if any file exists, nothing is
 * written and the error lists every one of them.
 */
export function writeNew(dir: string, files: readonly FileToWrite[]): string[] {
  const targets = files.map((file) => ({ ...file, target: join(dir, file.path) }));
  const existing = targets.filter((file) => existsSync(file.target)).map((file) => file.target);
  if (existing.length > 0) {
    throw new UserError(
      `refusing to overwrite ${existing.length === 1 ? 'a file' : 'files'}:\n${existing
        .map((file) => `  ${file}`)
        .join('\n')}\n  → choose another directory or name, or move those files away`,
    );
  }
  writeFilesAtomically(
    targets.map((file) => ({ path: file.target, text: file.text })),
    'choose a directory you can write to',
  );
  return targets.map((file) => file.target);
}
