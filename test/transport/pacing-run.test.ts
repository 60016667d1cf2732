/**
 * A whole run against a target that enforces a limit nobody declared (issue #13 item 1): the openai
 * profile's suite against the emulator behind a gateway refusing with bare 429s past 30 requests per
 * sliding window, the window scaled from a minute to 2 s (the pacer's assumption scaled with it). No
 * case may end differently from the same run with no limit because of a 429, and at most 15% of the
 * requests may be refused. Counts and verdicts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadProfile } from '../../src/spec/load.js';
import { RunContext } from '../../src/run/context.js';
import { RunConfigSchema } from '../../src/run/config.js';
import { executeAll } from '../../src/run/execute-all.js';
import type { CaseResult } from '../../src/results/results.types.js';
import { startBareLimitProxy, type BareLimitProxy } from '../support/bare-limit-proxy.js';

const KEY = 'sk-test-pacing-run-0123456789abcdef';
const profile = loadProfile('openai');
const limit = { requests: 30, windowMs: 2_000 };

async function run(baseUrl: string, paced: boolean) {
  const config = RunConfigSchema.parse({
    profile: profile.files[0],
    baseUrl,
    model: profile.profile.target?.defaultModel,
    apiKeyEnv: 'UNUSED_IN_TESTS',
    outDir: '/tmp/unused',
    samples: 5,
    emulator: true,
  });
  const ctx = new RunContext({ config, apiKey: KEY, paceAtDeclaredLimit: paced, pacingWindowMs: limit.windowMs });
  const { cases } = await executeAll(ctx, 4);
  await ctx.close();
  return { cases: new Map(cases.map((c) => [c.id, c])), stats: ctx.stats, pacing: ctx.pacing };
}

describe('a full run against bare 429s past an undeclared limit', () => {
  let emu: RunningEmulator;
  let proxy: BareLimitProxy;
  let control: Map<string, CaseResult>;
  let limited: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    emu = await startEmulator({ profile: profile.profile, apiKey: KEY, chunkDelayMs: 1 });
    proxy = await startBareLimitProxy(emu.origin, limit);
    control = (await run(emu.baseUrl, false)).cases;
    limited = await run(proxy.origin + (profile.profile.target?.basePath ?? ''), true);
  }, 240_000);

  afterAll(async () => {
    await proxy?.close();
    await emu?.close();
  });

  it('the gateway did refuse requests (the run could have failed)', () => {
    expect(proxy.counts().refused).toBeGreaterThan(0);
    expect(limited.stats.rateLimited).toBe(proxy.counts().refused);
  });

  it('at most 15% of the requests are refused, and the rate was learned', () => {
    expect(limited.stats.rateLimited / limited.stats.sent).toBeLessThanOrEqual(0.15);
    expect(limited.pacing.source).toBe('adaptive');
    const perWindow = (limited.pacing.perMinute! * limit.windowMs) / 60_000;
    expect(perWindow / limit.requests).toBeGreaterThan(0.7);
    expect(perWindow / limit.requests).toBeLessThan(1.4);
  });

  it('no case ends differently because of a 429; the one case about 429s sees what they lack', () => {
    const changed = [...control.values()]
      .filter((c) => c.id !== 'header.retry-after' && limited.cases.get(c.id)?.verdict !== c.verdict)
      .map((c) => `${c.id}: ${c.verdict} → ${limited.cases.get(c.id)?.verdict} (${limited.cases.get(c.id)?.message})`);
    expect(changed).toEqual([]);
    expect(limited.cases.size).toBe(control.size);
    // header.retry-after's subject is the 429 itself: the gateway's carry nothing to time a back-off by,
    // which the profile requires (requiredUnless x-ratelimit-*). That failure is the target's, and true.
    const ra = limited.cases.get('header.retry-after')!;
    expect(ra.verdict).toBe('fail');
    expect(ra.message).toMatch(/429 answers the run met carried neither retry-after nor any x-ratelimit-\* header/);
  });
});
