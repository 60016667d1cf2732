import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** A module as oai-compat itself resolves it (this file lives in its package), whatever else is installed. */
const own = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));

// The suites import the harness from src/ (type-checked there); the run loads the compiled dist/ of the
// same files natively, as the CLI itself does: vite would otherwise transform and hold ~100 modules a
// second time (with source maps), ~70 MB of a full run's peak. `npm run build` makes dist/.
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const IN_DIST = new RegExp(`^${DIST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

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
  plugins: [
    {
      name: 'oai-compat-dist',
      enforce: 'pre',
      resolveId: (source: string) => (source.startsWith('../src/') ? `${DIST}${source.slice('../src/'.length)}` : undefined),
    },
  ],
  test: {
    include: ['suites/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
    // allure-vitest transformed (so the aliases above apply to it); the harness's own dist/ loaded natively.
    server: { deps: { inline: ['allure-vitest'], external: [IN_DIST] } },
    // Allure: each case carries its evidence and exchanges as attachments (see src/run/suite.ts).
    setupFiles: ['allure-vitest/setup'],
  },
});
