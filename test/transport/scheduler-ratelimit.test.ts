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
  /**
   * A greedy client that sends whenever the bucket allows, with idle spells that let the burst build
   * up, and wake-ups up to `lateMs` late (a busy event loop).
   */
  function simulate(limit: RateLimit, utilisation: number, sends: number, { lateMs = 0, idle = true, burst = undefined as number | undefined } = {}): number[] {
    let t = 0;
    const bucket = new TokenBucket({ limit, utilisation, burst, now: () => t });
    const times: number[] = [];
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let steps = 0; times.length < sends; steps++) {
      if (steps > sends * 10) throw new Error('the bucket stopped making progress');
      const wait = bucket.tryTake(t);
      if (wait === 0) {
        times.push(t);
        if (idle && rand() < 0.05) t += rand() * limit.windowMs * 1.5; // idle now and then
      } else {
        t += wait + rand() * lateMs;
      }
    }
    return times;
  }

  for (const requests of [1, 3, 10, 20, 60, 500, 10_000]) {
    for (const u of [0.9, 0.97, 0.98]) {
      it(`never exceeds ${requests} per window at utilisation ${u}, late timers included`, () => {
        const limit = { requests, windowMs: 60_000 };
        for (const lateMs of [0, 50, 5_000]) {
          const times = simulate(limit, u, Math.max(200, requests * 5), { lateMs });
          expect(maxInWindow(times, limit.windowMs), `late by up to ${lateMs} ms`).toBeLessThanOrEqual(requests);
        }
      });
    }
  }

  it('wins back timers that fire late, up to its tolerance', () => {
    const limit = { requests: 20, windowMs: 1_000 };
    const bucket = new TokenBucket({ limit, utilisation: 0.97 });
    const late = bucket.toleranceMs * 0.9;
    const ratio = (times: number[]) => (times.length - 1) / (times.at(-1)! - times[0]!) / (limit.requests / limit.windowMs);
    expect(ratio(simulate(limit, 0.97, 200, { lateMs: late, idle: false }))).toBeGreaterThan(0.96);
    // With no tolerance (burst 1) every late wake-up is lost: about 0.97 · T / (T + late/2).
    expect(ratio(simulate(limit, 0.97, 200, { lateMs: late, idle: false, burst: 1 }))).toBeLessThan(0.95);
  });

  it('starts with a small burst, not a window of tokens', () => {
    expect(safeBurst({ requests: 60, windowMs: 60_000 })).toBe(1);
    expect(safeBurst({ requests: 10_000, windowMs: 60_000 })).toBe(50); // u = 0.98 in a minute's window
    expect(safeBurst({ requests: 10_000, windowMs: 60_000 }, 0.97)).toBe(76);
    const t = 0;
    const bucket = new TokenBucket({ limit: { requests: 60, windowMs: 60_000 }, now: () => t });
    expect(bucket.burst).toBe(1);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(60_000 / 60 - bucket.toleranceMs); // the second request waits
  });

  it('after a pause, releases one request and then paces', () => {
    let t = 0;
    const bucket = new TokenBucket({ limit: { requests: 600, windowMs: 60_000 }, now: () => t });
    bucket.pauseUntil(5_000);
    expect(bucket.tryTake()).toBe(5_000);
    t = 5_000;
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeCloseTo(bucket.intervalMs, 5);
  });
});

describe('pacing against a server that enforces a sliding window', () => {
  // 40 per 2 s: a send every ~52 ms, and 46 ms of the headroom left for arrival jitter.
  const limit = { requests: 40, windowMs: 2_000 };

  // How close to the limit the pacing gets is a speed, measured in bench/ (npm run bench, "rate limit"):
  // on a loaded machine a timer fires late and the ratio drops, which says nothing about correctness.
  it('sends M requests with no 429 and never more than the limit in any window', async () => {
    const server = await startRateLimitedServer({ limit, latencyMs: 5 });
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const sched = createScheduler({ send: transport.send, rateLimit: limit, concurrency: 4 });

    const M = 60;
    const answers = await Promise.all(Array.from({ length: M }, (_, i) => sched.send({ method: 'POST', path: `/r/${i}`, json: { i } })));

    expect(server.countStatus(429)).toBe(0);
    expect(sched.stats()).toMatchObject({ sent: M, rateLimited: 0, retried: 0 });
    expect(answers.every((a) => a.response?.status === 200)).toBe(true);
    const t = server.arrivals.map((a) => a.t).sort((x, y) => x - y);
    const achievedPerMs = (M - 1) / (t.at(-1)! - t[0]!);
    const ratio = achievedPerMs / (limit.requests / limit.windowMs);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(maxInWindow(t, limit.windowMs)).toBeLessThanOrEqual(limit.requests);
  });

  it('without pacing such a server refuses requests, and the retries after its Retry-After get every answer', async () => {
    // Shows the server under test does enforce its limit (the test above could fail), and that the
    // pause after a 429 recovers without failing a request.
    const server = await startRateLimitedServer({ limit: { requests: 20, windowMs: 1_000 }, latencyMs: 5 });
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const sched = createScheduler({ send: transport.send, concurrency: 8 });

    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => sched.send({ method: 'POST', path: `/u/${i}`, json: { i } })));
    expect(server.countStatus(429)).toBeGreaterThan(0);
    expect(sched.stats().rateLimited).toBe(server.countStatus(429));
    expect(answers.every((a) => a.response?.status === 200)).toBe(true);
  });
});
