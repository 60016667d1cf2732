/**
 * Runs a profile's cases in-process against ANY base URL (a third-party or hostile server, an emulator
 * started with options runCases does not take, such as a tiny rate limit): the RunContext the suites use,
 * real HTTP over loopback. Shared by test/errors, test/headers and test/endpoints.
 */
import { loadProfile } from '../../src/spec/load.js';
import { executeAll } from '../../src/run/execute-all.js';
import { RunContext } from '../../src/run/context.js';
import { RunConfigSchema } from '../../src/run/config.js';
import type { CaseResult } from '../../src/results/results.types.js';

export interface AgainstRun {
  cases: CaseResult[];
  byId: Map<string, CaseResult>;
  failing: string[];
  sent: number;
  durationMs: number;
}

export async function runAgainst(opts: {
  profile: string;
  baseUrl: string;
  apiKey: string;
  only?: string;
  model?: string;
  timeoutMs?: number;
  concurrency?: number;
}): Promise<AgainstRun> {
  const started = Date.now();
  const checked = loadProfile(opts.profile);
  const config = RunConfigSchema.parse({
    profile: checked.files[0],
    baseUrl: opts.baseUrl,
    model: opts.model ?? checked.profile.target?.defaultModel,
    apiKeyEnv: 'UNUSED_IN_TESTS',
    outDir: '/tmp/unused',
    only: opts.only,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    retries: 0,
  });
  const run = new RunContext({ config, apiKey: opts.apiKey });
  let cases: CaseResult[];
  try {
    ({ cases } = await executeAll(run, opts.concurrency ?? 4));
  } finally {
    await run.close();
  }
  return {
    cases,
    byId: new Map(cases.map((c) => [c.id, c])),
    failing: cases.filter((c) => c.verdict === 'fail').map((c) => c.id),
    sent: run.stats.sent,
    durationMs: Date.now() - started,
  };
}
