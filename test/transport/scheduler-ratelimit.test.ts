import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/transport/scheduler.js';
import { TokenBucket, safeBurst, type RateLimit } from '../../src/transport/ratelimit.js';
import { loopbackSend, startRateLimitedServer } from '../support/ratelimited-server.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** The most arrivals in any window (t − W, t], as a server counting a sliding window sees them. */
function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[lo]! <= times[hi]! - windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

describe('token bucket arithmetic (simulated clock)', () => {
  // A greedy client that sends whenever the bucket allows, with idle spells that let the burst refill.
  function simulate(limit: RateLimit, utilisation: number, sends: number): number[] {
    let t = 0;
    const bucket = new TokenBucket({ limit, utilisation, now: () => t });
    const times: number[] = [];
    let seed = 7;
    for (let steps = 0; times.length < sends; steps++) {
      if (steps > sends * 10) throw new Error('the bucket stopped making progress');
      const wait = bucket.tryTake(t);
      if (wait === 0) {
        times.push(t);
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        if (seed % 17 === 0) t += (seed % 5) * limit.windowMs * 0.3; // idle now and then
      } else {
        t += wait;
      }
    }
    return times;
  }

  for (const requests of [1, 3, 10, 20, 60, 500, 10_000]) {
    for (const u of [0.9, 0.97, 0.98]) {
      it(`never exceeds ${requests} per window at utilisation ${u}`, () => {
        const limit = { requests, windowMs: 60_000 };
        const times = simulate(limit, u, Math.max(200, requests * 5));
        expect(maxInWindow(times, limit.windowMs)).toBeLessThanOrEqual(requests);
      });
    }
  }

  it('starts with a small burst, not a window of tokens', () => {
    expect(safeBurst({ requests: 60, windowMs: 60_000 })).toBe(1);
    expect(safeBurst({ requests: 10_000, windowMs: 60_000 })).toBe(150);
    let t = 0;
    const bucket = new TokenBucket({ limit: { requests: 60, windowMs: 60_000 }, now: () => t });
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(1000); // the second request waits about 60/58.2 s
  });

  it('after a pause, releases one request and then paces', () => {
    let t = 0;
    const bucket = new TokenBucket({ limit: { requests: 600, windowMs: 60_000 }, now: () => t });
    bucket.pauseUntil(5_000);
    expect(bucket.tryTake()).toBe(5_000);
    t = 5_000;
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeCloseTo(60_000 / (0.97 * 600), 5);
  });
});

describe('pacing against a server that enforces a sliding window', () => {
  const limit = { requests: 20, windowMs: 1_000 };

  it('sends M requests with no 429 at >= 90% of the allowed rate', async () => {
    const server = await startRateLimitedServer({ limit, latencyMs: 5 });
    const transport = loopbackSend(server.url);
    cleanup.push(() => server.close(), () => transport.close());
    const sched = createScheduler({ send: transport.send, rateLimit: limit, concurrency: 4 });

    const M = 60;
    const answers = await Promise.all(Array.from({ length: M }, (_, i) => sched.send({ method: 'POST', path: `/r/${i}`, json: { i } })));

    expect(server.countStatus(429)).toBe(0);
    expect(sched.stats()).toMatchObject({ sent: M, rateLimited: 0, retried: 0 });
    expect(answers.every((a) => a.response?.status === 200)).toBe(true);
    const t = server.arrivals.map((a) => a.t);
    const achievedPerMs = (M - 1) / (t.at(-1)! - t[0]!);
    const ratio = achievedPerMs / (limit.requests / limit.windowMs);
    expect(ratio).toBeGreaterThanOrEqual(0.9);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(maxInWindow(t, limit.windowMs)).toBeLessThanOrEqual(limit.requests);
  });

  it('without pacing the same server refuses requests, and the retries after its Retry-After get every answer', async () => {
    // Shows the server under test does enforce its limit (the test above could fail), and that the
    // pause after a 429 recovers without failing a request.
    const server = await startRateLimitedServer({ limit, latencyMs: 5 });
    const transport = loopbackSend(server.url);
    cleanup.push(() => server.close(), () => transport.close());
    const sched = createScheduler({ send: transport.send, concurrency: 8 });

    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => sched.send({ method: 'POST', path: `/u/${i}`, json: { i } })));
    expect(server.countStatus(429)).toBeGreaterThan(0);
    expect(sched.stats().rateLimited).toBe(server.countStatus(429));
    expect(answers.every((a) => a.response?.status === 200)).toBe(true);
  });
});
