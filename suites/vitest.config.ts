import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The suites import the harness from src/ (type-checked there); the run loads the compiled dist/ of the
// same files natively, as the CLI itself does: vite would otherwise transform and hold ~100 modules a
// second time (with source maps), ~70 MB of a full run's peak. `npm run build` makes dist/.
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const IN_DIST = new RegExp(`^${DIST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

// The conformance suites. `oai-compat run` starts vitest with this config and its own reporters;
// the suites share one runner (not isolated) so every area reuses the same baselines and request cache.
// That runner is the CLI's own thread (src/run/in-thread-pool.ts): no worker thread loads vitest's
// runtime and the harness a second time.
export default defineConfig({
  // vitest and @vitest/runner are aliased to oai-compat's own copies by the CLI (ownVitest in
  // src/cli/run.ts), which resolves them natively. The pool is the CLI's too (src/run/in-thread-pool.ts):
  // the suites run in its thread.
  plugins: [
    {
      name: 'oai-compat-dist',
      enforce: 'pre',
      resolveId: (source: string) => (source.startsWith('../src/') ? `${DIST}${source.slice('../src/'.length)}` : undefined),
    },
  ],
  test: {
    include: ['suites/**/*.test.ts'],
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    passWithNoTests: true,
    // allure-vitest transformed (so the CLI's aliases apply to it); the harness's own dist/ loaded natively.
    server: { deps: { inline: ['allure-vitest'], external: [IN_DIST] } },
    // Allure: each case carries its evidence and exchanges as attachments (see src/run/suite.ts).
    setupFiles: ['allure-vitest/setup'],
  },
});
