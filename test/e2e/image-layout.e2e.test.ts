import { execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { oneNamespace } from '../serve-process.js';

// There is no Docker engine here or in CI, so the serve image is not built: its file layout is reproduced
// instead. What the Dockerfile's COPY instructions take from the build context (less what .dockerignore
// leaves out) and its production-only npm install go to a temporary /app, and the CLI runs from there with
// the image's environment. A file the image lacks, or a runtime import of a dev dependency, fails here.

const CONTEXT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped. */
function logicalLines(text: string): string[] {
  return text
    .replace(/\\\s*\n(\s*(#[^\n]*)?\n)*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The Dockerfile's stages. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of logicalLines(text)) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      stages.push({ name: /\s+AS\s+(\S+)$/i.exec(args)?.[1], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** The `KEY=value` pairs of a stage's ENV instructions (the only form this Dockerfile uses). */
function environment(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of instructions(stage, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=([^"'\s]*)$/.exec(pair);
      if (match === null) throw new Error(`ENV ${args}: only unquoted KEY=value pairs are reproduced`);
      env[match[1] as string] = match[2] as string;
    }
  }
  return env;
}

/** `.dockerignore` as moby's pattern matcher reads it: the last pattern matching a path or a parent wins. */
function dockerignore(text: string): (path: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const glob = posix.normalize(line.replace(/^!/, '').trim()).replace(/^\/+|\/+$/g, '');
      if (/[[\]\\]/.test(glob))
        throw new Error(`.dockerignore: ${line}: character classes are not reproduced`);
      return { exclude, regex: globToRegex(glob) };
    });
  return (path) => {
    const parents = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const { exclude, regex } of patterns) {
      if (parents.some((candidate) => regex.test(candidate))) ignored = exclude;
    }
    return ignored;
  };
}

/** moby's translation: a double star spans any number of directories, `*` and `?` stay within one. */
function globToRegex(glob: string): RegExp {
  const source = glob.replace(/\*\*\/?|\*|\?|[.+^${}()|]/g, (token, offset: number) => {
    if (token.startsWith('**')) return offset + token.length === glob.length ? '.*' : '(.*/)?';
    if (token === '*') return '[^/]*';
    if (token === '?') return '[^/]';
    return `\\${token}`;
  });
  return new RegExp(`^${source}$`);
}

/** Every file under `dir`, as paths relative to it with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** A stage's file system, as far as it is reproduced: its WORKDIR, staged in `host`. */
interface StagedRoot {
  readonly workdir: string;
  readonly host: string;
}

function hostPath(root: StagedRoot, path: string): string {
  const absolute = posix.resolve(root.workdir, path);
  if (absolute !== root.workdir && !absolute.startsWith(`${root.workdir}/`)) {
    throw new Error(`${path}: outside ${root.workdir}, the only directory reproduced`);
  }
  return join(root.host, posix.relative(root.workdir, absolute));
}

/** One COPY from the build context, as BuildKit does it: a directory's contents, or a file. */
function copyFromContext(args: string, root: StagedRoot, ignored: (path: string) => boolean): void {
  const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
  const destination = words.pop() as string;
  const intoDirectory = destination.endsWith('/') || words.length > 1;
  for (const source of words) {
    if (/[*?[]/.test(source)) throw new Error(`COPY ${args}: wildcards are not reproduced`);
    const path = posix.normalize(source).replace(/\/+$/, '');
    // BuildKit fails on a source .dockerignore leaves out of the context.
    if (ignored(path)) throw new Error(`COPY ${args}: ${path} is excluded by .dockerignore`);
    if (statSync(join(CONTEXT, path)).isDirectory())
      copyDirectory(path, hostPath(root, destination), ignored);
    else
      copyFile(
        join(CONTEXT, path),
        hostPath(root, intoDirectory ? posix.join(destination, basename(path)) : destination),
      );
  }
}

function copyDirectory(path: string, target: string, ignored: (path: string) => boolean): void {
  for (const file of filesUnder(join(CONTEXT, path))) {
    if (!ignored(`${path}/${file}`)) copyFile(join(CONTEXT, path, file), join(target, file));
  }
}

function copyFile(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/** The `npm ci|install …` commands of a stage's RUN instructions. */
function npmInstalls(stage: Stage): string[] {
  return instructions(stage, 'RUN')
    .flatMap((args) => args.split(/&&|;|\|\|/))
    .map((command) => command.trim())
    .filter((command) => /^npm\s+(ci|install|i|add|rebuild|update)(\s|$)/.test(command));
}

/** Paths, sizes and modification times of every file under `dir`: what a read-only root keeps unchanged. */
function snapshot(dir: string): string[] {
  return filesUnder(dir).map((file) => {
    const stats = statSync(join(dir, file));
    return `${file} ${stats.size} ${stats.mtimeMs}`;
  });
}

const dockerfile = parseDockerfile(readFileSync(join(CONTEXT, 'Dockerfile'), 'utf8'));
const ignored = dockerignore(readFileSync(join(CONTEXT, '.dockerignore'), 'utf8'));
const runtime = dockerfile.at(-1) as Stage;
const imageEnv = environment(runtime);
const packageJson = JSON.parse(readFileSync(join(CONTEXT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(CONTEXT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean }>;
};

const entrypoint = JSON.parse(instructions(runtime, 'ENTRYPOINT').at(-1) ?? '[]') as string[];
const cmd = JSON.parse(instructions(runtime, 'CMD').at(-1) ?? '[]') as string[];

let scratch = '';
/** The image's WORKDIR (/app), staged. */
let app: StagedRoot;
/** The image's /tmp, the pod's writable emptyDir. */
let writableTmp = '';
/** The script the ENTRYPOINT runs with node, staged. */
let script = '';
let env: NodeJS.ProcessEnv = {};
let appBefore: string[] = [];

/** Builds the stages in order (COPYs and the dependencies stage's npm install); returns the last one's. */
async function stageImage(): Promise<StagedRoot> {
  const built = new Map<string, StagedRoot>();
  let root: StagedRoot | undefined;
  for (const [index, stage] of dockerfile.entries()) {
    const workdirs = instructions(stage, 'WORKDIR');
    if (workdirs.length !== 1)
      throw new Error(`stage ${index}: one WORKDIR is reproduced, not ${workdirs.length}`);
    root = { workdir: workdirs[0] as string, host: join(scratch, `stage-${index}`) };
    mkdirSync(root.host, { recursive: true });
    await buildStage(stage, root, built);
    if (stage.name !== undefined) built.set(stage.name, root);
  }
  return root as StagedRoot;
}

async function buildStage(stage: Stage, root: StagedRoot, built: ReadonlyMap<string, StagedRoot>) {
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'COPY') copy(args, root, built);
    // The runtime stage's RUNs install system packages and a user, outside the WORKDIR.
    if (keyword === 'RUN' && stage !== runtime) await runInStage(args, root);
  }
}

function copy(args: string, root: StagedRoot, built: ReadonlyMap<string, StagedRoot>): void {
  const from = /--from=(\S+)/.exec(args)?.[1];
  if (from === undefined) {
    copyFromContext(args, root, ignored);
    return;
  }
  const stage = built.get(from);
  if (stage === undefined) throw new Error(`COPY ${args}: no stage ${from} before this one`);
  const [source, destination, ...rest] = args.split(/\s+/).filter((word) => !word.startsWith('--'));
  if (source === undefined || destination === undefined || rest.length > 0) {
    throw new Error(`COPY ${args}: one source from another stage is reproduced`);
  }
  const target = hostPath(root, destination);
  if (existsSync(target)) throw new Error(`COPY ${args}: ${destination} already exists`);
  mkdirSync(dirname(target), { recursive: true });
  renameSync(hostPath(stage, source), target);
}

/** A build or dependencies stage's RUN: `npm ci` (with this machine's offline-first flags) or `npm run build`. */
async function runInStage(args: string, root: StagedRoot): Promise<void> {
  for (const command of args.split(/&&|;|\|\|/).map((part) => part.trim())) {
    // It empties npm's cache, outside the WORKDIR: here it would empty this machine's.
    if (command === 'npm cache clean --force') continue;
    if (command === 'npm run build') {
      await run('npm', ['run', 'build'], { cwd: root.host, timeout: 240_000 });
      continue;
    }
    if (!/^npm ci(\s|$)/.test(command)) throw new Error(`RUN ${command}: not reproduced`);
    const flags = command.split(/\s+/).slice(2);
    await run('npm', ['ci', ...flags, '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: root.host,
      timeout: 240_000,
    });
  }
}

/** The Dockerfile's ENV, its absolute paths moved into the staged /tmp (or beside it, if elsewhere). */
function stagedEnv(): NodeJS.ProcessEnv {
  // Without TMPDIR, os.tmpdir() is /tmp in the image.
  const staged: NodeJS.ProcessEnv = { PATH: process.env.PATH, TMPDIR: writableTmp };
  for (const [key, value] of Object.entries(imageEnv)) {
    const inTmp = value === '/tmp' || value.startsWith('/tmp/');
    if (!value.startsWith('/')) staged[key] = value;
    else staged[key] = inTmp ? join(writableTmp, value.slice(4)) : join(scratch, 'elsewhere', value);
  }
  return staged;
}

function chaosflow(args: readonly string[]) {
  return run(process.execPath, [script, ...args], { cwd: app.host, env, timeout: 60_000 });
}

/** The port `chaosflow serve` says it listens on; rejects with its output if it exits first. */
function listeningPort(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const port = /listening on :(\d+)/.exec(text)?.[1];
      if (port !== undefined) resolve(Number(port));
    });
    child.once('exit', (code) => reject(new Error(`chaosflow serve exited with ${code}: ${text}`)));
  });
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'chaosflow-image-'));
  writableTmp = join(scratch, 'tmp');
  mkdirSync(writableTmp);
  app = await stageImage();
  const node = entrypoint.indexOf('node');
  if (node === -1 || entrypoint[node + 1] === undefined)
    throw new Error('the ENTRYPOINT runs no node script');
  script = hostPath(app, entrypoint[node + 1] as string);
  env = stagedEnv();
  appBefore = snapshot(app.host);
}, 300_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('the serve image, its layout reproduced from the Dockerfile', () => {
  it('runs as a numeric user that is not root, so the kubelet can enforce runAsNonRoot', () => {
    const user = instructions(runtime, 'USER').at(-1) ?? '';
    const [, uid, gid] = /^(\d+)(?::(\d+))?$/.exec(user) ?? [];
    expect(uid, `USER ${user}`).toBeDefined();
    expect(Number(uid)).not.toBe(0);
    if (gid !== undefined) expect(Number(gid)).not.toBe(0);
  });

  it('takes its node_modules from a production-only install, and installs nothing in the runtime stage', () => {
    const sources = instructions(runtime, 'COPY').flatMap(
      (args) => /--from=(\S+)\s+\S*node_modules\b/.exec(args)?.[1] ?? [],
    );
    expect(sources.length).toBe(1);
    const installs = dockerfile.filter((stage) => sources.includes(stage.name ?? '')).flatMap(npmInstalls);
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.split(/\s+/)).toContain('--omit=dev');
    expect(npmInstalls(runtime)).toEqual([]);
  });

  it('points HOME and every other path of its environment at the writable /tmp', () => {
    expect(imageEnv.NODE_ENV).toBe('production');
    expect(imageEnv.HOME).toMatch(/^\/tmp(\/|$)/);
    const paths = Object.entries(imageEnv).filter(([, value]) => value.startsWith('/'));
    expect(paths.filter(([, value]) => !/^\/tmp(\/|$)/.test(value))).toEqual([]);
  });

  it('starts with node on the staged entrypoint script, serve by default', () => {
    expect(existsSync(script), script).toBe(true);
    expect(cmd).toEqual(['serve']);
  });

  it('runs the bundled library, with the built-in hub parsed at build time, and no TypeScript sources', () => {
    expect(existsSync(hostPath(app, 'lib/cli.js'))).toBe(true);
    expect(existsSync(hostPath(app, 'lib/hub-snapshot.json'))).toBe(true);
    expect(existsSync(hostPath(app, 'src'))).toBe(false);
  });

  it('prints the version from its package.json', async () => {
    const { stdout, stderr } = await chaosflow(['--version']);
    expect(stdout).toBe(`${packageJson.version}\n`);
    expect(stderr).toBe('');
  });

  it('lists the faults of the hub it ships, pod-delete among them', async () => {
    const { stdout } = await chaosflow(['hub', 'list']);
    // Fault rows start at the first column; continuation lines of a wrapped summary are indented.
    const listed = stdout
      .split('\n')
      .slice(1)
      .map((line) => /^([a-z0-9-]+)\s{2,}/.exec(line)?.[1])
      .filter((name) => name !== undefined);
    const shipped = readdirSync(join(CONTEXT, 'hub/faults')).flatMap((category) =>
      readdirSync(join(CONTEXT, 'hub/faults', category)),
    );
    expect(listed).toContain('pod-delete');
    expect([...listed].sort()).toEqual([...shipped].sort());
  });

  it("shows serve's help, --no-api among its options", async () => {
    const { stdout } = await chaosflow([...cmd, '--help']);
    expect(stdout).toMatch(/^Usage: chaosflow serve \[options\]/);
    expect(stdout).toMatch(/^\s+--no-api\s+serve only \/healthz, \/readyz and \/metrics/m);
  });

  it('compiles an experiment from outside the image, as the GitOps sync loads a working copy', async () => {
    // Such files import `chaosflow`: the library entry and everything it exports must be in the image.
    const workingCopy = join(scratch, 'var/cache/chaosflow/experiments');
    copyFile(join(CONTEXT, 'examples/nginx-pod-delete.ts'), join(workingCopy, 'nginx-pod-delete.ts'));
    const { stdout } = await chaosflow(['build', join(workingCopy, 'nginx-pod-delete.ts')]);
    expect(stdout).toBe(readFileSync(join(CONTEXT, 'examples/nginx-pod-delete.yaml'), 'utf8'));
  });

  it('runs the trigger service without its API against the cluster, and stops on SIGTERM', async () => {
    // A namespace of its own, which nothing else uses: the service finds nothing to trigger in it.
    const namespace = `image-layout-${Date.now().toString(36)}`;
    const scope = oneNamespace(namespace);
    const child = spawn(process.execPath, [script, ...cmd, '--no-api', '--port', '0', ...scope], {
      cwd: app.host,
      env: { ...env, KUBECONFIG: inject('kubeconfig') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await listeningPort(child);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok\n');
      const trigger = await fetch(`http://127.0.0.1:${port}/v1/trigger`, { method: 'POST', body: '{}' });
      expect(trigger.status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('holds no package the lockfile marks dev-only, and a dev dependency only where production needs it', () => {
    const devOnly = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.dev === true)
      .map(([path]) => path);
    expect(devOnly.length).toBeGreaterThan(0);
    expect(devOnly.filter((path) => existsSync(join(app.host, path)))).toEqual([]);
    const topLevel = readdirSync(join(app.host, 'node_modules')).flatMap((name) =>
      name.startsWith('@')
        ? readdirSync(join(app.host, 'node_modules', name)).map((n) => `${name}/${n}`)
        : [name],
    );
    const devDependencies = Object.keys(packageJson.devDependencies);
    // @types/node, for one, is also a dependency of @kubernetes/client-node's @types packages.
    const neededInProduction = devDependencies.filter(
      (name) =>
        lock.packages[`node_modules/${name}`] !== undefined &&
        lock.packages[`node_modules/${name}`]?.dev !== true,
    );
    expect(devDependencies.filter((name) => topLevel.includes(name)).sort()).toEqual(
      neededInProduction.sort(),
    );
  });

  // Last: the runs above are what would have written.
  it('keeps the transform cache in /tmp and writes nothing under its WORKDIR (a read-only root)', () => {
    const cache = join(env.TMPDIR as string, 'jiti');
    expect(
      existsSync(cache) ? readdirSync(cache).filter((file) => file.endsWith('.mjs')).length : 0,
    ).toBeGreaterThan(0);
    expect(snapshot(app.host)).toEqual(appBefore);
  });
});
