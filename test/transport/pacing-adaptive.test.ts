/**
 * Adaptive pacing (issue #13 item 1) and a declared limit used to the full (item 2): the pacer's rules
 * on a simulated clock, the figures on a deterministic simulation of the scheduler's loop, and the
 * scheduler over real HTTP against a loopback server refusing with bare 429s (a scaled window, counts
 * only: how fast a loaded machine gets there is measured in bench/pacing.mjs, never here).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/transport/ratelimit.js';
import { AdaptivePacer } from '../../src/transport/sched-adaptive.js';
import { describePacing } from '../../src/report/pacing.js';
import { parseResetMs, readRateLimitRoom } from '../../src/transport/sched-headers.js';
import { ADAPTIVE_429_RETRIES, createScheduler } from '../../src/transport/scheduler.js';
import type { Exchange } from '../../src/transport/types.js';
import { loopbackSend, startRateLimitedServer } from '../support/ratelimited-server.js';
import { simulate, type ServerRule } from './pacing-sim.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function answer(status: number, headers: Record<string, string> = {}): Exchange {
  return {
    id: 'x',
    request: { method: 'POST', url: '/', headers: {} },
    timings: { startedAt: 0 },
    response: { status, headers, reads: [], bodyBytes: 0, truncated: false },
  };
}

/** The most sends in any window (t − W, t]. */
function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[lo]! <= times[hi]! - windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

describe('rate-limit headers', () => {
  it('reads OpenAI-style Go durations, bare seconds and epoch seconds as ms from now', () => {
    expect(parseResetMs('1s')).toBe(1_000);
    expect(parseResetMs('6m0s')).toBe(360_000);
    expect(parseResetMs('20ms')).toBe(20);
    expect(parseResetMs('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetMs('17.28s')).toBeCloseTo(17_280, 6);
    expect(parseResetMs('1.5')).toBe(1_500);
    expect(parseResetMs('1700000030', 1_700_000_000_000)).toBe(30_000);
    for (const bad of ['', 'soon', '5 s', '-1s', '1d', 's']) expect(parseResetMs(bad), bad).toBeUndefined();
  });

  it('reports the room left, or nothing when the headers say nothing', () => {
    expect(
      readRateLimitRoom({
        'x-ratelimit-remaining-requests': '3',
        'x-ratelimit-reset-requests': '2s',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '12ms',
      }),
    ).toEqual({
      remainingRequests: 3,
      resetRequestsMs: 2_000,
      remainingTokens: 0,
      resetTokensMs: 12,
    });
    expect(readRateLimitRoom({ 'content-type': 'application/json', 'x-ratelimit-remaining-requests': 'many' })).toBeUndefined();
  });
});

describe('the adaptive pacer (simulated clock)', () => {
  const W = 60_000;
  function pacer() {
    const clock = { t: 0 };
    const bucket = new TokenBucket({ now: () => clock.t });
    const p = new AdaptivePacer({ bucket, windowMs: W, now: () => clock.t, random: () => 0.5 });
    return { clock, bucket, p };
  }

  it('is unpaced until a limit shows, and a well-behaved target is never paced', () => {
    const { clock, bucket, p } = pacer();
    for (let i = 0; i < 500; i++) {
      clock.t = i * 10;
      expect(p.observe(clock.t, answer(i % 7 ? 200 : 400))).toBe(0);
    }
    expect(p.learned()).toEqual({ source: 'unpaced' });
    expect(bucket.intervalMs).toBe(0);
  });

  it('starts near the limit: the first bare 429 sets 90% of what the window accepted, and holds every request for a backoff', () => {
    const { clock, bucket, p } = pacer();
    for (let i = 0; i < 30; i++) p.observe((clock.t = i * 20), answer(200));
    clock.t = 700;
    const held = p.observe(650, answer(429));
    expect(p.learned()).toMatchObject({ source: 'adaptive' });
    expect(p.learned().perMinute).toBeCloseTo(27, 6);
    expect(held).toBeGreaterThan(0);
    expect(bucket.pausedForMs()).toBe(held);
  });

  it('decreases once per event: 429s in flight before the hold, and probes with no answer accepted in between, only back off', () => {
    const { clock, bucket, p } = pacer();
    for (let i = 0; i < 20; i++) p.observe((clock.t = i * 10), answer(200));
    clock.t = 300;
    const first = p.observe(250, answer(429));
    const rate = p.learned().perMinute!;
    // Three more that were in flight when the hold began: the same full window.
    for (const sentAt of [260, 270, 280]) expect(p.observe(sentAt, answer(429))).toBeLessThanOrEqual(first);
    expect(p.learned().perMinute).toBe(rate);
    // Probes after each hold, still refused: the backoff doubles (less jitter), the rate stays.
    let last = first;
    for (let k = 0; k < 4; k++) {
      clock.t += bucket.pausedForMs() + 1;
      const held = p.observe(clock.t, answer(429));
      expect(held).toBeGreaterThan(last * 1.5);
      last = held;
    }
    expect(p.learned().perMinute).toBe(rate);
    expect(last).toBeLessThanOrEqual(W / 2);
    // An accepted answer, then a 429 for a request sent after it: a new event, one decrease.
    clock.t += bucket.pausedForMs() + 1;
    p.observe(clock.t, answer(200));
    clock.t += 10;
    p.observe(clock.t - 5, answer(429));
    expect(p.learned().perMinute).toBeLessThan(rate);
    expect(p.learned().perMinute).toBeGreaterThan(rate * 0.8);
  });

  it('raises the rate additively while answers succeed', () => {
    const { clock, p } = pacer();
    for (let i = 0; i < 10; i++) p.observe((clock.t = i), answer(200));
    p.observe((clock.t = 20), answer(429));
    const start = p.learned().perMinute!;
    for (let i = 0; i < 9; i++) p.observe((clock.t += 6_000), answer(200));
    const after = p.learned().perMinute!;
    expect(after).toBeGreaterThan(start);
    expect(after).toBeLessThan(start + 3); // about one step per window of answers
  });

  it("honours a 429's Retry-After as the hold", () => {
    const { clock, bucket, p } = pacer();
    p.observe((clock.t = 0), answer(200));
    expect(p.observe((clock.t = 10), answer(429, { 'retry-after': '7' }))).toBe(7_000);
    expect(bucket.pausedForMs()).toBe(7_000);
  });

  it('paces by x-ratelimit-remaining/reset before any 429: holds until the reset when nothing is left', () => {
    const { clock, bucket, p } = pacer();
    // Room left: not a reason to slow down.
    expect(p.observe((clock.t = 0), answer(200, { 'x-ratelimit-remaining-requests': '11', 'x-ratelimit-reset-requests': '10s' }), 1)).toBe(0);
    expect(p.learned()).toEqual({ source: 'unpaced' });
    // Two left and two in flight: none for the next request.
    expect(p.observe((clock.t = 10), answer(200, { 'x-ratelimit-remaining-requests': '2', 'x-ratelimit-reset-requests': '1.5s' }), 2)).toBe(1_500);
    expect(bucket.pausedForMs()).toBe(1_500);
    expect(p.learned().source).toBe('headers');
    expect(p.observe((clock.t = 20), answer(200, { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '250ms' }))).toBe(250);
  });

  it('bounds the holds the headers ask for: headers that say 0 on every answer are ignored after three long holds', () => {
    const { clock, p } = pacer();
    const zero = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' };
    const holds = Array.from({ length: 6 }, (_, i) => p.observe((clock.t = i * W), answer(200, zero)));
    expect(holds).toEqual([W, W, 0, 0, 0, 0]);
  });

  it('a window that really resets (room reported between the holds) is held every time', () => {
    const { clock, p } = pacer();
    for (let i = 0; i < 5; i++) {
      expect(p.observe((clock.t = i * W), answer(200, { 'x-ratelimit-remaining-requests': '5', 'x-ratelimit-reset-requests': '40s' }))).toBe(0);
      expect(p.observe((clock.t += 10), answer(200, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '40s' }))).toBe(40_000);
    }
  });

  it('does not hold the run for a Retry-After beyond --max-retry-after (its request gives up instead)', () => {
    const clock = { t: 0 };
    const bucket = new TokenBucket({ now: () => clock.t });
    const p = new AdaptivePacer({ bucket, windowMs: W, now: () => clock.t, maxHoldMs: 60_000 });
    expect(p.observe(0, answer(429, { 'retry-after': '120' }))).toBe(120_000);
    expect(bucket.pausedForMs()).toBe(0);
  });

  it('ignores a replayed answer, one with no response and a quota 429: none says anything about the rate', () => {
    const { p } = pacer();
    expect(p.observe(0, { ...answer(429), replayed: true })).toBe(0);
    expect(p.observe(0, { ...answer(429), response: undefined, error: { kind: 'network', message: 'ECONNRESET' } })).toBe(0);
    // A quota 429 (x-should-retry: false) is not a rate: waiting would not help, nothing is held.
    expect(p.observe(0, answer(429, { 'x-should-retry': 'false' }))).toBe(0);
    expect(p.learned()).toEqual({ source: 'unpaced' });
  });

  it('says in one line how the rate was found', () => {
    expect(describePacing({ source: 'adaptive', perMinute: 29.4 }, 9)).toBe("29/min (learned from the target's 429s); 9 x 429 met");
    expect(describePacing({ source: 'declared', perMinute: 300 })).toBe('300/min (declared)');
    expect(describePacing({ source: 'unpaced' })).toBe('unpaced (no limit applied, none met)');
  });
});

describe('issue #13 figures, on a simulation of the scheduler loop (deterministic, simulated time)', () => {
  // The target: 30 per minute, bare 429s; a full openai run is about 107 requests.
  const limit = { requests: 30, windowMs: 60_000 };
  for (const rule of ['sliding', 'fixed', 'bucket'] as ServerRule[]) {
    for (const requests of [107, 300]) {
      it(`${rule} window, ${requests} requests: at most 15% refused, at most 1.5x the ideal time, no request out of retries`, () => {
        for (const seed of [1, 7, 11, 23]) {
          const r = simulate({ limit, rule, requests, concurrency: 4, latencyMs: 300, seed });
          const ideal = (requests / limit.requests) * limit.windowMs;
          expect(r.refused / r.sent, `seed ${seed}`).toBeLessThanOrEqual(0.15);
          expect(r.durationMs / ideal, `seed ${seed}`).toBeLessThanOrEqual(1.5);
          expect(r.maxRefusedPerRequest).toBeLessThan(ADAPTIVE_429_RETRIES);
          expect(r.learned.source).toBe('adaptive');
          expect(r.learned.perMinute! / limit.requests).toBeGreaterThan(0.7);
          expect(r.learned.perMinute! / limit.requests).toBeLessThan(1.4);
        }
      });
    }
  }

  it('a server that reports its room in x-ratelimit-* headers is paced by them, meeting (almost) no 429', () => {
    const headers = (room: { remaining: number; resetMs: number }) => ({
      'x-ratelimit-remaining-requests': String(room.remaining),
      'x-ratelimit-reset-requests': `${(room.resetMs / 1000).toFixed(3)}s`,
    });
    for (const rule of ['fixed', 'bucket'] as ServerRule[]) {
      const r = simulate({ limit, rule, requests: 107, concurrency: 4, latencyMs: 300, headers });
      const bare = simulate({ limit, rule, requests: 107, concurrency: 4, latencyMs: 300 });
      // A reset that lands between an answer and the next send can still cost a refusal or two.
      expect(r.refused, rule).toBeLessThanOrEqual(2);
      expect(r.refused, rule).toBeLessThan(bare.refused);
    }
  });

  it('a declared limit is used to the full: no 429, never above the limit, at least 95% of the rate', () => {
    for (const declared of [limit, { requests: 300, windowMs: 60_000 }]) {
      const requests = declared.requests * 4;
      const r = simulate({ limit: declared, declared, rule: 'sliding', requests, concurrency: 4, latencyMs: 300 });
      expect(r.refused).toBe(0);
      expect(maxInWindow(r.acceptedAt, declared.windowMs)).toBeLessThanOrEqual(declared.requests);
      const rate = (r.acceptedAt.length - 1) / (r.acceptedAt.at(-1)! - r.acceptedAt[0]!);
      expect(rate / (declared.requests / declared.windowMs)).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe('adaptive pacing over real HTTP (a scaled window: 30 per 2 s, bare 429s)', () => {
  const limit = { requests: 30, windowMs: 2_000 };

  it('gets every answer, with at most 15% of the requests refused', async () => {
    const server = await startRateLimitedServer({ limit, bare: true, latencyMs: 20 });
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const sched = createScheduler({ send: transport.send, concurrency: 4, adaptive: true, adaptiveWindowMs: limit.windowMs });
    const M = 100;
    const answers = await Promise.all(Array.from({ length: M }, (_, i) => sched.send({ method: 'POST', path: `/a/${i}`, json: { i } })));
    expect(answers.every((a) => a.response?.status === 200)).toBe(true);
    expect(answers.some((a) => sched.gaveUp(a))).toBe(false);
    const s = sched.stats();
    expect(s.rateLimited).toBe(server.countStatus(429));
    expect(s.rateLimited).toBeGreaterThan(0); // the server did refuse: the test could fail
    expect(s.rateLimited / s.sent).toBeLessThanOrEqual(0.15);
    expect(sched.pacing().source).toBe('adaptive');
  });

  it('keeps --max-retry-after and --retries 0: a long Retry-After ends retrying, and no retries means none', async () => {
    const server = await startRateLimitedServer({});
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const capped = createScheduler({ send: transport.send, adaptive: true, maxRetryWaitMs: 5_000 });
    const long = await capped.send({ method: 'POST', path: '/status/429?retry-after=120', json: {} });
    expect(long.response?.status).toBe(429);
    expect(capped.gaveUp(long)).toMatch(/--max-retry-after/);
    const none = createScheduler({ send: transport.send, adaptive: true, maxRetries: 0 });
    const once = await none.send({ method: 'POST', path: '/status/429', json: {} });
    expect(once.response?.status).toBe(429);
    expect(none.stats()).toMatchObject({ sent: 1, retried: 0 });
    expect(server.count()).toBe(2);
  });

  it('without adaptive pacing the same server refuses far more', async () => {
    // The control: the unpaced scheduler (retries after its own backoff) against the same server.
    const server = await startRateLimitedServer({ limit, bare: true, latencyMs: 20 });
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const sched = createScheduler({ send: transport.send, concurrency: 4, maxRetries: 10, maxRetryWaitMs: 120_000 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => sched.send({ method: 'POST', path: `/u/${i}`, json: { i } })));
    const s = sched.stats();
    expect(s.rateLimited / s.sent).toBeGreaterThan(0.15);
    expect(sched.pacing()).toEqual({ source: 'unpaced' });
  });
});
