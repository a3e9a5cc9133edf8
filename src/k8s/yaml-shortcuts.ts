/**
 * How `yaml` writes the scalars a compiled experiment is made of, for the shapes where that can be told without
 * asking it: names, sentences, argv words, versions, Argo expressions, numbers as strings, whole-number
 * integers, and manifests as literal blocks. Each returns undefined for anything else, which the emitter then
 * hands to `yaml`.
 *
 * Hand-written for start-up only: while its code is cold, the first call into `yaml`'s serializer costs a
 * one-shot `chaosflow build` about 5 ms (113 → 108 ms measured), and a typical experiment needs nothing beyond
 * these shapes. The rules are `yaml`'s own (its plain-scalar indicators, its YAML 1.1 tags, its block headers),
 * narrowed to printable ASCII; test/k8s/yaml-emitter.test.ts holds them to the library byte for byte on random
 * data.
 */

/** Printable ASCII without `"` and `\`: the strings whose double-quoted form is the text in quotes. */
const QUOTABLE_AS_IS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * A start no YAML 1.1 number, timestamp, boolean, null or indicator has: a letter, `_`, `/` or `=`, one or two
 * `-` before a letter (`-c`, `--selector`), `./`, or `<` but `<<` (the merge key). (`.` before a letter is not:
 * `.inf`, `.nan`.)
 */
const TYPELESS_START = /^(?:[A-Za-z_/=]|--?[A-Za-z]|\.\/|<(?!<))/;

/** The YAML 1.1 booleans and null, in any case, and floats made of letters (`e5`, `-e5`: YAML 1.1's regex). */
const YAML_11_WORD = /^(?:y|yes|n|no|true|false|on|off|null|[-+]?[eE][-+]?[0-9]+)$/i;

/**
 * Strings that start with a digit and are still strings in YAML 1.1: dotted versions (`3.28.0`: its floats have
 * one dot) and durations (`10s`, `1.5m`: no number ends in those letters).
 */
const DIGITS_YET_STRING = /^[0-9]+(?:(?:\.[0-9]+){2,}|(?:\.[0-9]+)?(?:ms|s|m|h))$/;

/** Control characters but the line break, and lone surrogates: `yaml` double-quotes strings holding them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/** What `yaml` refuses in a one-line plain scalar: an indicator first, `: ` or ` #` inside, ` ` or `:` last. */
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #|[ :]$/;

/** What `yaml` also refuses in a plain scalar inside an inline list. */
const FLOW_INDICATOR = /[[\]{},]/;

/** Strings `yaml` surely reads back as another type: the empty string (null), decimal integers, booleans. */
const TYPED = /^(?:|0|[1-9][0-9]*|true|false)$/;

/** A key as `yaml` writes it in a block map, when it is a plain name (keys are mostly names and labels). */
export function keyWithoutLibrary(key: string): string | undefined {
  return isName(key) ? key : undefined;
}

/** A one-line string as `yaml` writes it as a block map's value or a block list's item. */
export function valueWithoutLibrary(text: string): string | undefined {
  return oneLine(text, false);
}

/** A one-line string as `yaml` writes it inside an inline list. */
export function flowItemWithoutLibrary(text: string): string | undefined {
  return oneLine(text, true);
}

/** A number or boolean as `yaml` writes it: integers and booleans only; other numbers need `yaml`. */
export function numberOrBooleanWithoutLibrary(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value);
  return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
}

/**
 * A multi-line string as `yaml` writes it as a literal block: the header, then its lines at indent 2 (empty
 * lines empty). Only for text that starts with neither a space nor a line break, holds no control character but
 * the line break, and whose last line has a visible character, with or without one line break after it.
 */
export function literalBlockWithoutLibrary(text: string): string[] | undefined {
  if (!/^\S/.test(text) || !/\S *\n?$/.test(text) || CONTROL.test(text)) return undefined;
  const clipped = text.endsWith('\n');
  const lines = (clipped ? text.slice(0, -1) : text).split('\n');
  return [clipped ? '|' : '|-', ...lines.map((line) => (line === '' ? '' : `  ${line}`))];
}

/** Whether `yaml` writes a string as it is, as a key too: a short name that is no YAML 1.1 word. */
function isName(text: string): boolean {
  return text.length <= 1000 && /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(text) && !YAML_11_WORD.test(text);
}

function oneLine(text: string, inFlow: boolean): string | undefined {
  if (!QUOTABLE_AS_IS.test(text)) return undefined;
  const quoted = NOT_PLAIN.test(text) || TYPED.test(text) || (inFlow && FLOW_INDICATOR.test(text));
  if (quoted) return `"${text}"`;
  const plain = (TYPELESS_START.test(text) && !YAML_11_WORD.test(text)) || DIGITS_YET_STRING.test(text);
  return plain ? text : undefined;
}
