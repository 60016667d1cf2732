import { defineConfig } from 'vitest/config';

// The project's own tests (not the conformance suites, which live in suites/ and run through `oai-compat run`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // 2 cores: one worker per core; end-to-end tests start their own loopback servers on port 0.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
