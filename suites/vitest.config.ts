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
    // No setup files and no third-party reporter: Allure results are written from results.json
    // (src/report/allure.ts), so nothing here can bind to a vitest other than oai-compat's own.
  },
});
