import { Command, CommanderError } from 'commander';
import { didYouMean } from '../compile/suggest.js';
import { UserError } from '../errors.js';
import { VERSION } from '../version.js';
import { buildCommand } from './build.js';
import { CommandExit, EXIT } from './exit-codes.js';
import { hubCommand } from './hub.js';
import { initCommand } from './init.js';
import { newCommand } from './new.js';
import { type Output, processOutput } from './output.js';
import { planCommand } from './plan.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { stopCommand } from './stop.js';
import { syncCommand } from './sync.js';
import { validateCommand } from './validate.js';

/** Every command, by name, as a function that defines it. */
const COMMANDS: Readonly<Record<string, (output: Output) => Command>> = {
  build: buildCommand,
  validate: validateCommand,
  hub: hubCommand,
  init: initCommand,
  new: newCommand,
  serve: serveCommand,
  sync: syncCommand,
  stop: stopCommand,
  run: runCommand,
  plan: planCommand,
  report: reportCommand,
};

/**
 * The `chaosflow` program for `argv`: with only the command it runs when its first word names one (defining the
 * others costs every run about 2 ms), else with every command, for the top-level help and unknown commands.
 */
function program(argv: readonly string[], output: Output): Command {
  const root = new Command('chaosflow')
    .description(
      'Chaos experiments as typed TypeScript, compiled to Argo Workflows that run LitmusChaos faults.',
    )
    .version(VERSION)
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow build examples --out dist\n  $ chaosflow validate experiments/',
    );
  const only = Object.hasOwn(COMMANDS, argv[0] ?? '') ? argv[0] : undefined;
  for (const [name, define] of Object.entries(COMMANDS)) {
    if (only === undefined || name === only) root.addCommand(define(output));
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
 * error, or a command's own ({@link EXIT}). Never calls `process.exit`, so it can be tested in-process.
 */
export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  try {
    const root = program(argv, output);
    refuseUnknownCommand(root, argv);
    await root.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(error, output);
  }
}

/**
 * Refuses a command that does not exist, naming the ones that do, before commander sees it: commander would
 * answer `chaosflow run --help` with the top-level help and exit 0, as if `run` were fine.
 */
function refuseUnknownCommand(root: Command, argv: readonly string[]): void {
  let command = root;
  const path = ['chaosflow'];
  for (const word of argv) {
    // `help` is commander's own: `chaosflow help build`.
    if (word.startsWith('-') || word === 'help' || command.commands.length === 0) return;
    const names = command.commands.map((candidate) => candidate.name());
    const next = command.commands.find(
      (candidate) => candidate.name() === word || candidate.aliases().includes(word),
    );
    if (next === undefined) {
      throw new UserError(
        `unknown command '${[...path.slice(1), word].join(' ')}'${didYouMean(word, names)}\n  → the commands of ${path.join(' ')} are: ${names.join(', ')} (see ${path.join(' ')} --help)`,
      );
    }
    command = next;
    path.push(word);
  }
}

function report(error: unknown, output: Output): number {
  if (error instanceof CommandExit) return error.code;
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
