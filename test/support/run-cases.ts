/**
 * Runs a profile's cases in-process against an emulator (optionally of another profile, optionally with a
 * fault): the same RunContext the suites use, without vitest-in-vitest. Real HTTP over loopback.
 */
import { startEmulator } from '../../src/emulator/server.js';
import { loadProfile } from '../../src/spec/load.js';
import { RunContext } from '../../src/run/context.js';
import { RunConfigSchema } from '../../src/run/config.js';
import { executeAll } from '../../src/run/execute-all.js';
import type { CaseResult, ExchangeRecord } from '../../src/results/results.types.js';

export interface CaseRun {
  cases: CaseResult[];
  byId: Map<string, CaseResult>;
  exchanges: ExchangeRecord[];
  sent: number;
  shared: number;
  serverRequests: number;
  failing: string[];
}

export async function runCases(opts: {
  profile: string;
  emulate?: string;
  fault?: string;
  only?: string;
  samples?: number;
  model?: string;
  concurrency?: number;
  /** Bound on every request (the transport's total and headers timeouts), for faults that never end a stream. */
  timeoutMs?: number;
  retries?: number;
  /** Enforce a rate limit on the emulator (N requests per window), so the run meets 429s. */
  rateLimit?: { requests: number; windowMs: number };
}): Promise<CaseRun> {
  const key = 'sk-test-run-cases-0123456789abcdef';
  const emulated = loadProfile(opts.emulate ?? opts.profile).profile;
  const checked = loadProfile(opts.profile);
  const emu = await startEmulator({
    profile: emulated,
    apiKey: key,
    fault: opts.fault,
    chunkDelayMs: 1,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  });
  try {
    // The checked profile's base path is what a user would pass; the emulator serves its own.
    const config = RunConfigSchema.parse({
      profile: checked.files[0],
      baseUrl: emu.baseUrl,
      model: opts.model ?? emulated.target?.defaultModel ?? checked.profile.target?.defaultModel,
      apiKeyEnv: 'UNUSED_IN_TESTS',
      outDir: '/tmp/unused',
      only: opts.only,
      samples: opts.samples ?? 5,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      emulator: true,
      // No retries by default: fault tests read 429s as they come (the scheduler's retries are tested on their own).
      retries: opts.retries ?? 0,
    });
    const run = new RunContext({ config, apiKey: key });
    const { cases, exchanges } = await executeAll(run, opts.concurrency ?? 4);
    await run.close();
    return {
      cases,
      byId: new Map(cases.map((c) => [c.id, c])),
      exchanges: [...exchanges.values()],
      sent: run.stats.sent,
      shared: run.stats.shared,
      serverRequests: emu.stats.requests,
      failing: cases.filter((c) => c.verdict === 'fail').map((c) => c.id),
    };
  } finally {
    await emu.close();
  }
}

/** The message of a timing verdict that the reader's own stall turned into a warning (src/sse/framing.ts). */
const STALLED = /the harness itself was held up \d+ ms/;

/**
 * `runCases`, run again (up to 5 times in all) while one of `ids` came back as a warning because this machine
 * held the reader up: a timing-based check is honest to say so on a loaded machine, and a test that proves it
 * catches a fault needs one read the machine did not disturb. `stalled`: the ids still warned about after the
 * last attempt (a machine that never let the reader be; the caller accepts the warning, never a pass).
 */
export async function runCasesUnstalled(opts: Parameters<typeof runCases>[0], ids: readonly string[]): Promise<CaseRun & { stalled: string[] }> {
  const stalledIn = (r: CaseRun) => ids.filter((id) => r.byId.get(id)?.verdict === 'inconclusive' && STALLED.test(r.byId.get(id)?.message ?? ''));
  let r = await runCases(opts);
  for (let attempt = 1; attempt < 5 && stalledIn(r).length; attempt++) r = await runCases(opts);
  return { ...r, stalled: stalledIn(r) };
}
