import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { buildCommand } from './build.js';
import { EXIT } from './exit-codes.js';
import { type Output, processOutput } from './output.js';
import { validateCommand } from './validate.js';

/** The `chaosflow` program with every command. */
export function program(output: Output): Command {
  const root = new Command('chaosflow')
    .description(
      'Chaos experiments as typed TypeScript, compiled to Argo Workflows that run LitmusChaos faults.',
    )
    .version('0.1.0')
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow build examples --out dist\n  $ chaosflow validate experiments/',
    );
  const commands = [buildCommand(output), validateCommand(output)];
  // Commander copies these settings only to subcommands made with .command(), not to added ones.
  for (const command of [root, ...commands]) {
    command
      .configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)');
  }
  for (const command of commands) root.addCommand(command);
  return root;
}

/**
 * Runs the CLI and returns its exit code: 0 ok, 1 user error (with what, where and how to fix it), 2 internal
 * error. Never calls `process.exit`, so it can be tested in-process.
 */
export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  try {
    await program(output).parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(error, output);
  }
}

function report(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.userError;
  }
  if (error instanceof UserError) {
    output.stderr(`error: ${error.message}\n`);
    return EXIT.userError;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  output.stderr(`internal error (a chaosflow bug; please report it with this output):\n${detail}\n`);
  return EXIT.internalError;
}
