import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';
import { shortHash } from '../short-hash.js';

const run = promisify(execFile);

/** How git commands authenticate: a token over HTTPS, or an SSH key. */
export type GitAuth =
  | { readonly kind: 'token'; readonly token: string; readonly username?: string }
  | { readonly kind: 'ssh'; readonly keyFile: string; readonly knownHostsFile?: string };

/** Where experiments come from: a repository (URL or local path) and a branch. */
export interface GitSource {
  readonly repo: string;
  readonly branch: string;
  readonly auth?: GitAuth;
}

/** A checked-out commit of a source. */
export interface Checkout {
  readonly dir: string;
  readonly commit: string;
}

/** A git command that does not answer within this is stopped, so an unreachable server cannot hang a sync. */
const GIT_TIMEOUT_MS = 120_000;

/** A repository could not be fetched: unreachable, unknown branch, or refused credentials. */
export class GitError extends UserError {
  override name = 'GitError';
}

/** The label value naming a source: a hash of repository and branch, so any URL fits a label. */
export function sourceId(source: Pick<GitSource, 'repo' | 'branch'>): string {
  return shortHash(`${source.repo}#${source.branch}`);
}

/**
 * Fetches the branch's latest commit into a working directory under `cacheDir` (one per repo and branch,
 * reused between syncs) and checks it out, discarding anything else there. Only committed content counts:
 * a local path is fetched like a remote, so uncommitted edits in it are never synced.
 * @throws {@link GitError} naming the repository and branch, with git's reason and how to fix it.
 */
export async function checkout(source: GitSource, cacheDir: string): Promise<Checkout> {
  const dir = join(cacheDir, sourceId(source));
  if (!existsSync(join(dir, '.git'))) {
    mkdirSync(dir, { recursive: true });
    await git(source, dir, ['init', '--quiet']);
  }
  try {
    await git(source, dir, ['fetch', '--quiet', '--depth', '1', '--no-tags', source.repo, source.branch]);
  } catch (error) {
    throw new GitError(
      `cannot fetch branch "${source.branch}" of ${source.repo}: ${reason(error)}\n  → check the repository URL or path, the branch, and the credentials (CHAOSFLOW_GIT_TOKEN or CHAOSFLOW_GIT_SSH_KEY)`,
    );
  }
  await git(source, dir, ['checkout', '--quiet', '--force', '--detach', 'FETCH_HEAD']);
  await git(source, dir, ['clean', '--quiet', '-fdx']);
  const { stdout } = await git(source, dir, ['rev-parse', 'HEAD']);
  return { dir, commit: stdout.trim() };
}

function git(source: GitSource, dir: string, args: readonly string[]) {
  return run('git', ['-C', dir, ...args], { env: gitEnv(source.auth), timeout: GIT_TIMEOUT_MS });
}

/**
 * Credentials go in through the environment, never the command line (where `ps` would show them): a token
 * as an HTTP header from GIT_CONFIG_*, an SSH key through GIT_SSH_COMMAND. Prompts are off, so a missing
 * credential fails at once instead of waiting for input.
 */
function gitEnv(auth: GitAuth | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true' };
  if (auth?.kind === 'token') {
    const basic = Buffer.from(`${auth.username ?? 'x-access-token'}:${auth.token}`).toString('base64');
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
  }
  if (auth?.kind === 'ssh') {
    const hosts =
      auth.knownHostsFile === undefined
        ? '-o StrictHostKeyChecking=accept-new'
        : `-o StrictHostKeyChecking=yes -o UserKnownHostsFile=${auth.knownHostsFile}`;
    env.GIT_SSH_COMMAND = `ssh -i ${auth.keyFile} -o IdentitiesOnly=yes -o BatchMode=yes ${hosts}`;
  }
  return env;
}

/**
 * git's own explanation: its first `fatal:` or `error:` line (the cause; what follows is advice such as
 * "Please make sure you have the correct access rights"), else its last line.
 */
function reason(error: unknown): string {
  if ((error as { killed?: boolean }).killed === true) return `no answer within ${GIT_TIMEOUT_MS / 1000} s`;
  const lines = ((error as { stderr?: string }).stderr ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const cause = lines.find((line) => /^(fatal|error): /.test(line)) ?? lines.at(-1);
  return cause?.replace(/^(fatal|error): /, '') ?? (error instanceof Error ? error.message : String(error));
}
