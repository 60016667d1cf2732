import { defineConfig } from 'vitest/config';

// The project's own tests (not the conformance suites, which live in suites/ and run through `oai-compat run`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous on purpose: end-to-end tests spawn whole runs, and the suite must pass on a machine whose
    // cores are busy with other work. No test asserts a speed; a timeout only catches a hang.
    testTimeout: 600_000,
    hookTimeout: 180_000,
    // 2 cores: one worker per core; end-to-end tests start their own loopback servers on port 0.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
