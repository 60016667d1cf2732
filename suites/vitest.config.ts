import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The suites import the harness from src/ (type-checked there); the run loads the compiled dist/ of the
// same files natively, as the CLI itself does: vite would otherwise transform and hold ~100 modules a
// second time (with source maps), ~70 MB of a full run's peak. `npm run build` makes dist/.
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const IN_DIST = new RegExp(`^${DIST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

// The conformance suites. `oai-compat run` starts vitest with this config and its own reporters;
// the suites share one worker (not isolated) so every area reuses the same baselines and request cache.
export default defineConfig({
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
    // Allure: each case carries its evidence and exchanges as attachments (see src/run/suite.ts).
    setupFiles: ['allure-vitest/setup'],
    server: { deps: { external: [IN_DIST] } },
  },
});
