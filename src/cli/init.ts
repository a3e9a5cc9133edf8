import { Command } from 'commander';
import { displayPath } from '../load/display-path.js';
import type { Output } from './output.js';

/** `chaosflow init`: a new experiments project that builds with `npm run build`. */
export function initCommand(output: Output): Command {
  return new Command('init')
    .description(
      'Create an experiments project: package.json, tsconfig.json, README and an example experiment.',
    )
    .argument('[dir]', 'directory to create the project in', '.')
    .option('--name <name>', "project name (default: the directory's name)")
    .option('--app <app>', 'the example experiment targets the Deployment labelled app=<app>', 'nginx')
    .option('--namespace <namespace>', "that Deployment's namespace", 'default')
    .option(
      '--chaosflow <spec>',
      'npm spec of the chaosflow dependency (default: this version from the registry, or packed into vendor/ when the registry lacks it)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ chaosflow init shop-chaos --app cart --namespace shop\n  $ cd shop-chaos && npm install && npm run build',
    )
    .action(
      async (dir: string, options: { name?: string; app: string; namespace: string; chaosflow?: string }) => {
        // Loaded on use: the templates' renderer is not needed by the other commands.
        const { initProject } = await import('../scaffold/init-project.js');
        const written = await initProject({ dir, ...options });
        for (const file of written) output.stderr(`created ${displayPath(file)}\n`);
        output.stdout(`Next: cd ${displayPath(dir)} && npm install && npm run build\n`);
      },
    );
}
