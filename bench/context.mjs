// The in-process run context the bench scripts drive (the built dist/): the openai profile against a
// loopback target, with the bench's own key. `extra` overrides the run configuration, `options` the context's.
import { RunContext } from '../dist/run/context.js';
import { RunConfigSchema } from '../dist/run/config.js';

export const BENCH_KEY = 'sk-bench-0123456789abcdefghijklmnop';

export function benchContext(baseUrl, extra = {}, options = {}) {
  const config = RunConfigSchema.parse({
    profile: 'openai',
    baseUrl,
    model: 'gpt-4o-mini',
    apiKeyEnv: 'UNUSED',
    outDir: '/tmp/unused',
    emulator: true,
    ...extra,
  });
  return new RunContext({ config, apiKey: BENCH_KEY, ...options });
}
