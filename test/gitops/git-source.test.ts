import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkout, GitError } from '../../src/gitops/git-source.js';
import { GitRepo } from './git-repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repo(): GitRepo {
  const made = new GitRepo();
  cleanups.push(() => made.remove());
  return made;
}

function cache(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaosflow-cache-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('checkout', () => {
  it('checks out the latest commit of the branch, and follows it on the next sync', async () => {
    const source = repo();
    const first = source.commit({ 'experiments/a.ts': 'one' });
    const dir = cache();
    const checked = await checkout({ repo: source.dir, branch: 'main' }, dir);
    expect(checked.commit).toBe(first);
    expect(readFileSync(join(checked.dir, 'experiments/a.ts'), 'utf8')).toBe('one');
    const second = source.commit({ 'experiments/a.ts': null, 'experiments/b.ts': 'two' });
    const again = await checkout({ repo: source.dir, branch: 'main' }, dir);
    expect(again).toEqual({ dir: checked.dir, commit: second });
    expect(existsSync(join(again.dir, 'experiments/a.ts'))).toBe(false);
  });

  it('syncs committed content only, never uncommitted edits or leftovers', async () => {
    const source = repo();
    source.commit({ 'a.ts': 'committed' });
    writeFileSync(join(source.dir, 'a.ts'), 'uncommitted');
    const checked = await checkout({ repo: source.dir, branch: 'main' }, cache());
    expect(readFileSync(join(checked.dir, 'a.ts'), 'utf8')).toBe('committed');
    writeFileSync(join(checked.dir, 'stray.ts'), 'left behind');
    const again = await checkout({ repo: source.dir, branch: 'main' }, join(checked.dir, '..'));
    expect(existsSync(join(again.dir, 'stray.ts'))).toBe(false);
  });

  it('names the repository, the branch and git reason when it cannot fetch', async () => {
    const source = repo();
    source.commit({ 'a.ts': 'x' });
    await expect(checkout({ repo: source.dir, branch: 'release' }, cache())).rejects.toThrow(GitError);
    await expect(checkout({ repo: source.dir, branch: 'release' }, cache())).rejects.toThrow(
      new RegExp(
        `^cannot fetch branch "release" of ${source.dir}: couldn't find remote ref release\\n  → check`,
      ),
    );
    await expect(checkout({ repo: '/nonexistent/repo', branch: 'main' }, cache())).rejects.toThrow(
      /^cannot fetch branch "main" of \/nonexistent\/repo: '\/nonexistent\/repo' does not appear to be a git repository\n {2}→ check the repository URL or path/,
    );
  });

  it('fails at once, without prompting, when an HTTPS server is unreachable', async () => {
    await expect(
      checkout({ repo: 'https://127.0.0.1:1/team/chaos.git', branch: 'main' }, cache()),
    ).rejects.toThrow(
      /^cannot fetch branch "main" of https:\/\/127\.0\.0\.1:1\/team\/chaos\.git: .*(Failed to connect|Connection refused|Could not connect)/,
    );
  });

  it('reports refused credentials clearly, without prompting and without printing the token', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const { port } = server.address() as AddressInfo;
    const repoUrl = `http://127.0.0.1:${port}/team/chaos.git`;
    const attempt = checkout(
      { repo: repoUrl, branch: 'main', auth: { kind: 'token', token: 's3cret-token' } },
      cache(),
    );
    const error = await attempt.then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(GitError);
    expect(error?.message).toMatch(
      new RegExp(`^cannot fetch branch "main" of ${repoUrl}: .*Authentication failed`),
    );
    expect(error?.message).not.toContain('s3cret-token');
    expect(seen).toContain(`Basic ${Buffer.from('x-access-token:s3cret-token').toString('base64')}`);
  });
});
