import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The e2e tier: against the test control plane (started, and built if needed, by the global setup) or
// against the cluster KUBECONFIG points to.
export default defineConfig({
  resolve: {
    alias: { chaosflow: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
