import type { OutputKind } from '../../compile/output-kind.js';
import { displayPath } from '../../load/display-path.js';
import type { HubOptions } from '../hub-option.js';
import type { Output } from '../output.js';
import { compileFiles, reportSkipped } from './compile-files.js';
import { hubFromOptions, policyFromOptions } from './compile-options.js';

/** What `chaosflow validate` is given. */
export type ValidateFlags = Pick<HubOptions, 'hub' | 'policy'> & { kind?: OutputKind };

/** Checks the experiments of `paths` exactly as `build` would, writing nothing. */
export async function runValidate(paths: string[], options: ValidateFlags, output: Output): Promise<void> {
  const { compiled, skipped } = await compileFiles(paths, {
    hub: hubFromOptions(options),
    ...policyFromOptions(options),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
  });
  reportSkipped(skipped, output);
  for (const result of compiled)
    output.stdout(`✔ ${displayPath(result.file)}: ${result.name} (${result.kind})\n`);
  output.stdout(`${compiled.length} experiment${compiled.length === 1 ? '' : 's'} valid\n`);
}
