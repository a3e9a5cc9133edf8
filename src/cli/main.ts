import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { VERSION } from '../version.js';
import { buildCommand } from './build.js';
import { EXIT } from './exit-codes.js';
import { hubCommand } from './hub.js';
import { initCommand } from './init.js';
import { newCommand } from './new.js';
import { type Output, processOutput } from './output.js';
import { serveCommand } from './serve.js';
import { syncCommand } from './sync.js';
import { validateCommand } from './validate.js';

/** The `chaosflow` program with every command. */
export function program(output: Output): Command {
  const root = new Command('chaosflow')
    .description(
      'Chaos experiments as typed TypeScript, compiled to Argo Workflows that run LitmusChaos faults.',
    )
    .version(VERSION)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow build examples --out dist\n  $ chaosflow validate experiments/',
    );
  for (const command of [
    buildCommand(output),
    validateCommand(output),
    hubCommand(output),
    initCommand(output),
    newCommand(output),
    serveCommand(output),
    syncCommand(output),
  ]) {
    root.addCommand(command);
  }
  configureTree(root, output);
  return root;
}

/** Commander copies these settings only to subcommands made with .command(), not to added ones. */
function configureTree(command: Command, output: Output): void {
  command
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const subcommand of command.commands) configureTree(subcommand, output);
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
