import { readFileSync } from 'node:fs';
import { formatIssues, UserError } from '../errors.js';
import { type BlastRadiusPolicy, parsePolicy } from '../policy/policy.js';
import { yamlLibrary } from '../yaml-library.js';
import { displayPath } from './display-path.js';

/**
 * The blast-radius policy in a YAML file.
 * @throws {@link UserError} naming the file when it cannot be read, is not YAML, or breaks the policy's format.
 */
export function loadPolicyFile(file: string): BlastRadiusPolicy {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read the policy ${shown}: ${(error as Error).message}\n  → give the path of a YAML policy file to --policy`,
      { cause: error },
    );
  }
  const document = yamlLibrary().parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const [first] = document.errors;
    throw new UserError(`${shown} is not valid YAML: ${first?.message ?? 'unknown error'}\n  → fix the YAML`);
  }
  const parsed = parsePolicy(document.toJS());
  if (!parsed.ok) throw new UserError(`${shown} is not a valid policy:\n${formatIssues(parsed.issues)}`);
  return parsed.policy;
}
