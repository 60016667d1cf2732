/**
 * Class 8: a 429 is never a field's verdict. Against an emulator that enforces a small rate limit, with
 * no retries, most requests of the run meet a 429: no case may fail because of one, in any area, and a
 * case whose answer was a 429 says "rate-limited".
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

describe('a rate-limited target with retries 0', () => {
  it('fails no case because of a 429, in any area', async () => {
    // 30 requests per 10 minutes: the first 30 are answered, every later one meets a 429 whatever the timing
    // (its Retry-After is beyond the scheduler's wait cap, so the run is not paused either).
    const r = await runCases({ profile: 'openai', retries: 0, rateLimit: { requests: 30, windowMs: 600_000 } });
    const limited = r.exchanges.filter((x) => x.response?.status === 429).length;
    expect(limited, 'the run met 429s').toBeGreaterThan(20);
    const failing = r.cases.filter((c) => c.verdict === 'fail').map((c) => `${c.id}: ${c.message}`);
    expect(failing).toEqual([]);
    const rateLimited = r.cases.filter((c) => c.verdict === 'inconclusive' && /rate-limited/.test(c.message));
    expect(rateLimited.length).toBeGreaterThan(20);
    // Which 30 requests get through depends on scheduling, so no one area is required; the areas hit are many.
    expect(new Set(rateLimited.map((c) => c.area)).size).toBeGreaterThan(2);
  }, 300_000);
});
