// The architecture's rules, checked by `npm run check:architecture` (part of `npm test`). ARCHITECTURE.md says
// why each exists; a rule changes with that document, never to let one import through.

/** The pure core: the DSL, the model, the hub, the compiler, object shapes and YAML. */
const CORE = '^src/(dsl|model|hub|compile|k8s|policy)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or moved one at a time.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'The core compiles experiments; it never talks to a cluster, a git repository or a user.',
      from: { path: CORE },
      to: {
        path: '^src/(cluster|serve|trigger|gitops|guardian|leadership|report|run|plan|cli|load|files|scaffold|chart)/',
      },
    },
    {
      name: 'core-has-no-cluster-client',
      severity: 'error',
      comment: 'The core needs no API client; src/cluster/ holds every call to the API server.',
      from: { path: CORE },
      to: { path: 'node_modules/@kubernetes/client-node/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-cluster-calls-the-api-server',
      severity: 'error',
      comment: 'One home for API calls: clients, informers, Events and appliers live in src/cluster/.',
      from: { path: '^src/', pathNot: '^src/cluster/' },
      to: { path: 'node_modules/@kubernetes/client-node/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'decisions-have-no-process-concerns',
      severity: 'error',
      comment:
        'Trigger, GitOps, the guardian and leader election decide; serving HTTP, metrics, signals and output belong to src/serve/ and src/cli/.',
      from: { path: '^src/(trigger|gitops|guardian|leadership)/' },
      to: { path: '^(src/(serve|cli)/|http$|https$|node_modules/prom-client/|node_modules/pino/)' },
    },
    {
      name: 'decisions-reach-the-cluster-through-ports',
      severity: 'error',
      comment:
        'Trigger, GitOps, the guardian and leader election declare what they need of a cluster; src/cluster/ implements it, serve and the CLI wire it.',
      from: { path: '^src/(trigger|gitops|guardian|leadership)/' },
      to: { path: ['^src/cluster/', 'node_modules/@kubernetes/client-node/'] },
    },
    {
      name: 'cli-is-an-entry-point',
      severity: 'error',
      comment: 'Only the CLI itself imports the CLI: nothing below it knows how it is called.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'serve-is-composed-by-the-cli-only',
      severity: 'error',
      comment: 'src/serve/ is the composition root of `chaosflow serve`; only the CLI starts it.',
      from: { path: '^src/', pathNot: '^src/(serve|cli)/' },
      to: { path: '^src/serve/' },
    },
    {
      name: 'no-dev-dependencies-at-run-time',
      severity: 'error',
      comment: 'The package installs without its devDependencies.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'resolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    exclude: { path: '^src/hub/generated/' },
  },
};
