/**
 * A discrete-event simulation of the scheduler's pacing loop against a rate-limited server, on a
 * simulated clock: the token bucket and the adaptive pacer are the real ones, the server's rule is one
 * of the shapes providers use (sliding window, fixed window, token bucket), answering bare 429s (no
 * Retry-After, no x-ratelimit-*). Deterministic, so the figures of issue #13 are checked as counts.
 */
import { TokenBucket, type RateLimit } from '../../src/transport/ratelimit.js';
import { AdaptivePacer, type LearnedRate } from '../../src/transport/sched-adaptive.js';
import type { Exchange } from '../../src/transport/types.js';

export type ServerRule = 'sliding' | 'fixed' | 'bucket';

export interface SimOptions {
  limit: RateLimit;
  rule: ServerRule;
  requests: number;
  concurrency: number;
  latencyMs: number;
  /** Pace at a declared limit instead of learning one. */
  declared?: RateLimit;
  seed?: number;
  /** The window the pacer assumes (default: the server's, as when a test scales both). */
  pacerWindowMs?: number;
  /** Where in the server's fixed window the run starts, in ms (fixed windows only). */
  phaseMs?: number;
  /** Headers every accepted answer carries (a server that reports its room). */
  headers?: (room: { remaining: number; resetMs: number }) => Record<string, string>;
}

export interface SimResult {
  sent: number;
  refused: number;
  durationMs: number;
  /** Most 429s one request met. */
  maxRefusedPerRequest: number;
  learned: LearnedRate;
  /** Accepted send times, for window counts. */
  acceptedAt: number[];
}

function server(limit: RateLimit, rule: ServerRule, phaseMs = 0) {
  const log: number[] = [];
  let tokens = limit.requests;
  let refilledAt = 0;
  return {
    /** True when accepted; `room` is what it would report. */
    judge(t: number): { ok: boolean; remaining: number; resetMs: number } {
      if (rule === 'bucket') {
        tokens = Math.min(limit.requests, tokens + ((t - refilledAt) * limit.requests) / limit.windowMs);
        refilledAt = t;
        const ok = tokens >= 1;
        if (ok) tokens -= 1;
        return { ok, remaining: Math.floor(tokens), resetMs: ((limit.requests - tokens) * limit.windowMs) / limit.requests };
      }
      const from = rule === 'sliding' ? t - limit.windowMs : Math.floor((t + phaseMs) / limit.windowMs) * limit.windowMs - phaseMs - 1e-9;
      while (log.length && log[0]! <= from) log.shift();
      const ok = log.length < limit.requests;
      if (ok) log.push(t);
      const resetMs =
        rule === 'sliding' ? (log.length ? log[0]! + limit.windowMs - t : 0) : Math.floor((t + phaseMs) / limit.windowMs + 1) * limit.windowMs - phaseMs - t;
      return { ok, remaining: limit.requests - log.length, resetMs };
    },
  };
}

export function simulate(o: SimOptions): SimResult {
  let t = 0;
  let seed = o.seed ?? 11;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const bucket = new TokenBucket({ limit: o.declared, now: () => t });
  const pacer = o.declared ? undefined : new AdaptivePacer({ bucket, windowMs: o.pacerWindowMs ?? o.limit.windowMs, now: () => t, random, maxHoldMs: 60_000 });
  const srv = server(o.limit, o.rule, o.phaseMs);
  const queue = Array.from({ length: o.requests }, (_, i) => i);
  const refusedBy = new Map<number, number>();
  const inFlight: Array<{ id: number; sentAt: number; at: number; status: number; headers: Record<string, string> }> = [];
  const acceptedAt: number[] = [];
  let sent = 0;
  let refused = 0;
  let done = 0;
  for (let steps = 0; done < o.requests; steps++) {
    if (steps > 1_000_000) throw new Error('the simulation stopped making progress');
    let nextToken = Infinity;
    while (inFlight.length < o.concurrency && queue.length) {
      const wait = bucket.tryTake(t);
      if (wait > 0) {
        nextToken = t + wait;
        break;
      }
      const id = queue.shift()!;
      const v = srv.judge(t);
      sent++;
      if (v.ok) acceptedAt.push(t);
      const headers = v.ok && o.headers ? o.headers(v) : {};
      inFlight.push({ id, sentAt: t, at: t + o.latencyMs, status: v.ok ? 200 : 429, headers });
    }
    const nextAnswer = Math.min(...inFlight.map((f) => f.at));
    t = Math.max(t, Math.min(nextAnswer, nextToken));
    for (const f of inFlight.filter((x) => x.at <= t)) {
      inFlight.splice(inFlight.indexOf(f), 1);
      const ex = {
        id: String(f.id),
        request: { method: 'POST', url: '/', headers: {} },
        timings: { startedAt: 0 },
        response: { status: f.status, headers: f.headers, reads: [], bodyBytes: 0, truncated: false },
      } as Exchange;
      pacer?.observe(f.sentAt, ex, inFlight.length);
      if (f.status === 429) {
        refused++;
        refusedBy.set(f.id, (refusedBy.get(f.id) ?? 0) + 1);
        queue.push(f.id); // a refused request queues behind the others, as in the scheduler
      } else done++;
    }
  }
  return {
    sent,
    refused,
    durationMs: t,
    maxRefusedPerRequest: Math.max(0, ...refusedBy.values()),
    learned: pacer ? pacer.learned() : { source: 'declared', perMinute: (o.declared!.requests * 60_000) / o.declared!.windowMs },
    acceptedAt,
  };
}
