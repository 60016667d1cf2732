import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** A module as oai-compat itself resolves it (this file lives in its package), whatever else is installed. */
const own = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));

// The conformance suites. `oai-compat run` starts vitest with this config and its own reporters;
// the suites share one worker (not isolated) so every area reuses the same baselines and request cache.
export default defineConfig({
  // Beside a project's own vitest 2 or 3, npm hoists allure-vitest next to that vitest, and its
  // `import 'vitest'` would bind to it instead of the vitest running the suites: no case could run.
  // allure-vitest is therefore inlined (transformed by vitest, so aliases apply to it) and `vitest`
  // and `@vitest/runner` resolve to oai-compat's own copies.
  resolve: {
    alias: [
      { find: /^vitest$/, replacement: own('vitest') },
      { find: /^@vitest\/runner$/, replacement: own('@vitest/runner') },
    ],
  },
  test: {
    include: ['suites/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
    server: { deps: { inline: ['allure-vitest'] } },
    // Allure: each case carries its evidence and exchanges as attachments (see src/run/suite.ts).
    setupFiles: ['allure-vitest/setup'],
  },
});
