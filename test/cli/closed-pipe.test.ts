import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../bin/chaosflow.js', import.meta.url));

describe('the chaosflow process', () => {
  it('stops quietly with exit code 0 when its reader closes the pipe early (`chaosflow hub list | head -1`)', async () => {
    const child = spawn(process.execPath, [CLI, 'hub', 'list'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // The reader is gone before the first write, as `head` is once it has its lines.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 20_000);
});
