import { defineConfig } from 'vitest/config';

// The conformance suites. `oai-compat run` starts vitest with this config and its own reporters;
// the suites share one worker (not isolated) so every area reuses the same baselines and request cache.
export default defineConfig({
  test: {
    include: ['suites/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
    // Allure: each case carries its evidence and exchanges as attachments (see src/run/suite.ts).
    setupFiles: ['allure-vitest/setup'],
  },
});
