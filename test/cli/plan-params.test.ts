import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspace } from './run-cli.js';

describe('chaosflow plan -p', () => {
  it("plan reads a param's value as a run given it would: the target's namespace from its enum", async () => {
    const dir = workspace({
      'shop.ts': `import { experiment, faults, param, target } from 'chaosflow';
const shop = param('shop', { default: 'shop', description: 'Namespace', enum: ['shop', 'shop-staging'] });
export default experiment({ name: 'shop', target: target.deployment({ namespace: shop, labels: { app: 'web' } }), faults: [faults.podDelete()] });
`,
    });
    const staging = await runCli('plan', join(dir, 'shop.ts'), '-p', 'shop=shop-staging');
    expect(staging.stdout).toBe('pod-delete (pod-delete): deployment labelled app=web in shop-staging\n');
    const asWritten = await runCli('plan', join(dir, 'shop.ts'));
    expect(asWritten.stdout).toBe('pod-delete (pod-delete): deployment labelled app=web in shop\n');
  });
});
