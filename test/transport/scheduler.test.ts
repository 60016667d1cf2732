import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExceededError, createScheduler, type SchedulerOptions, type SchedulerProgress } from '../../src/transport/scheduler.js';
import { parseRetryAfter, retryReason } from '../../src/transport/sched-retry.js';
import { requestKey } from '../../src/transport/sched-key.js';
import { formatDryRun } from '../../src/transport/sched-dryrun.js';
import type { Exchange, OutgoingRequest } from '../../src/transport/types.js';
import { loopbackSend, startRateLimitedServer, type RateLimitedServer, type RateLimitedServerOptions } from '../support/ratelimited-server.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(serverOpts: RateLimitedServerOptions = {}, schedOpts: Omit<SchedulerOptions, 'send'> = {}) {
  const server = await startRateLimitedServer(serverOpts);
  const transport = loopbackSend(server.url);
  cleanup.push(
    () => server.close(),
    () => transport.close(),
  );
  const sched = createScheduler({ send: transport.send, ...schedOpts });
  return { server, sched };
}

const post = (path: string, extra: Partial<OutgoingRequest> = {}): OutgoingRequest => ({ method: 'POST', path, json: { model: 'm' }, ...extra });

/** Arrival time of the n-th request (1-based) the server saw on `path`. */
const arrivalOn = (server: RateLimitedServer, path: string, i: number) => server.arrivals.filter((a) => a.path === path)[i - 1]!.t;

describe('retries', () => {
  it('retries a 429 no sooner than its Retry-After (seconds) and counts the retry', async () => {
    const { server, sched } = await setup({ scripts: { '/flaky': [{ status: 429, headers: { 'retry-after': '1' } }] } });
    const ex = await sched.send(post('/flaky'));
    expect(ex.response?.status).toBe(200);
    expect(ex.retries).toBe(1);
    expect(server.count()).toBe(2);
    expect(arrivalOn(server, '/flaky', 2) - arrivalOn(server, '/flaky', 1)).toBeGreaterThanOrEqual(1000);
    expect(sched.stats()).toMatchObject({ sent: 2, retried: 1, rateLimited: 1, failed: 0 });
  });

  it('a 429 pauses every request, not only the one that got it', async () => {
    const { server, sched } = await setup({ scripts: { '/limited': [{ status: 429, headers: { 'retry-after-ms': '400' } }] } }, { concurrency: 2 });
    const a = sched.send(post('/limited'));
    // Sent once the 429 has come back (a loopback round trip takes a few ms), well inside the pause.
    await new Promise((r) => setTimeout(r, 100));
    const b = await sched.send(post('/other'));
    await a;
    expect(b.retries).toBe(0);
    expect(arrivalOn(server, '/other', 1) - arrivalOn(server, '/limited', 1)).toBeGreaterThanOrEqual(400);
    expect(arrivalOn(server, '/limited', 2) - arrivalOn(server, '/limited', 1)).toBeGreaterThanOrEqual(400);
  });

  it('retries a 503 after its retry-after-ms', async () => {
    const { server, sched } = await setup({ unavailable: { count: 1, retryAfterMs: 200 } });
    const ex = await sched.send(post('/x'));
    expect(ex.response?.status).toBe(200);
    expect(ex.retries).toBe(1);
    expect(arrivalOn(server, '/x', 2) - arrivalOn(server, '/x', 1)).toBeGreaterThanOrEqual(200);
  });

  it('never retries 400, 401, 404, 422, or a 429 that says x-should-retry: false', async () => {
    const { server, sched } = await setup();
    for (const path of ['/status/400', '/status/401', '/status/404', '/status/422', '/status/429?retry-after=0&x-should-retry=false']) {
      const ex = await sched.send(post(path));
      expect(ex.retries, path).toBe(0);
    }
    expect(server.count()).toBe(5);
    expect(sched.stats()).toMatchObject({ sent: 5, retried: 0, rateLimited: 1 });
  });

  it('never retries a timeout', async () => {
    // undici's timeout timers tick about every 500 ms, hence a long latency against a short timeout.
    const { server, sched } = await setup({ latencyByPath: { '/slow': 2500 } });
    const ex = await sched.send(post('/slow', { limits: { headersMs: 100 } }));
    expect(ex.error?.kind).toBe('headers-timeout');
    expect(ex.retries).toBe(0);
    expect(server.count()).toBe(1);
    expect(sched.stats()).toMatchObject({ sent: 1, failed: 1 });
  });

  it('retries a connection reset', async () => {
    const { server, sched } = await setup({ resetOn: [1] });
    const ex = await sched.send(post('/x'));
    expect(server.arrivals.map((a) => a.outcome)).toEqual(['reset', 200]);
    expect(ex.response?.status).toBe(200);
    expect(ex.retries).toBe(1);
    expect(sched.stats()).toMatchObject({ sent: 2, retried: 1, failed: 0 });
  });

  it('stops after maxRetries and returns the last answer', async () => {
    const { server, sched } = await setup();
    const ex = await sched.send(post('/status/503?retry-after-ms=20'));
    expect(ex.response?.status).toBe(503);
    expect(ex.retries).toBe(3);
    expect(server.count()).toBe(4);
  });

  it('stops when the waits would pass maxRetryWaitMs', async () => {
    const { server, sched } = await setup({}, { maxRetryWaitMs: 1000, random: () => 0 });
    const ex = await sched.send(post('/status/503?retry-after-ms=400'));
    expect(ex.retries).toBe(2); // 400 + 400 fit in 1000; a third 400 does not
    expect(server.count()).toBe(3);
  });

  it('returns a 429 at once when its Retry-After is beyond the cap', async () => {
    const { server, sched } = await setup({}, { maxRetryWaitMs: 1000 });
    const t0 = performance.now();
    const ex = await sched.send(post('/status/429?retry-after=5'));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(ex.response?.status).toBe(429);
    expect(ex.retries).toBe(0);
    expect(server.count()).toBe(1);
  });
});

describe('budget', () => {
  it('sends exactly maxRequests and refuses the rest with BudgetExceededError', async () => {
    const { server, sched } = await setup({ latencyMs: 20 }, { maxRequests: 5 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => sched.send(post(`/b/${i}`))));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BudgetExceededError);
    expect(server.count()).toBe(5);
    expect(sched.stats()).toMatchObject({ sent: 5, skippedByBudget: 7 });
  });

  it('counts retries against the budget', async () => {
    const { server, sched } = await setup({}, { maxRequests: 2 });
    const err = await sched.send(post('/status/503?retry-after-ms=10')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetExceededError);
    expect((err as BudgetExceededError).lastExchange?.response?.status).toBe(503);
    expect((err as Error).message).toMatch(/budget of 2 exhausted: retry of POST \/status\/503/);
    expect(server.count()).toBe(2);
  });
});

describe('sharing', () => {
  it('sends identical requests once and hands every caller the same exchange', async () => {
    const { server, sched } = await setup({ latencyMs: 30 });
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => sched.send(post('/same', { purpose: `case.${i}` }))));
    for (const a of answers) expect(a).toBe(answers[0]);
    await sched.send(post('/same', { headers: {} })); // later, same request: still shared
    expect(server.count()).toBe(1);
    expect(sched.stats()).toMatchObject({ sent: 1, shared: 5 });
  });

  it('sends every fresh request, and requests that differ', async () => {
    const { server, sched } = await setup();
    const fresh = await Promise.all(Array.from({ length: 5 }, () => sched.send(post('/same', { fresh: true }))));
    expect(new Set(fresh.map((e) => e.id)).size).toBe(5);
    await sched.send(post('/same', { json: { model: 'other' } }));
    await sched.send(post('/same', { auth: { scheme: 'none' } }));
    await sched.send(post('/same', { headers: { 'x-extra': '1' } }));
    expect(server.count()).toBe(8);
    expect(sched.stats().shared).toBe(0);
  });
});

describe('dry run', () => {
  it('sends nothing and lists what it would send', async () => {
    const { server, sched } = await setup({}, { dryRun: true });
    const reqs: OutgoingRequest[] = [
      post('/chat/completions', { purpose: 'request.max_tokens' }),
      post('/chat/completions', { purpose: 'response.usage.total_tokens' }), // identical: shared
      post('/chat/completions', { purpose: 'stream.done-sentinel', json: { model: 'm', stream: true } }),
      { method: 'GET', path: '/models', purpose: 'endpoint.models' },
      post('/chat/completions', { purpose: 'request.seed', json: { model: 'm', seed: 1 }, fresh: true }),
    ];
    const answers = await Promise.all(reqs.map((r) => sched.send(r)));
    expect(server.count()).toBe(0);
    for (const a of answers) {
      expect(a.response).toBeUndefined();
      expect(a.error).toEqual({ kind: 'replay-miss', message: 'dry run: not sent' });
    }
    const plan = sched.planned();
    expect(plan).toHaveLength(4);
    expect(plan[0]).toEqual({ method: 'POST', path: '/chat/completions', purpose: 'request.max_tokens', bodyBytes: 13, fresh: false });
    const text = formatDryRun(plan, sched.stats());
    expect(text.split('\n')[0]).toBe('request (2 requests)');
    expect(text).toMatch(/^stream \(1 request\)$/m);
    expect(text).toMatch(/^endpoint \(1 request\)$/m);
    expect(text).toMatch(/total: 4 requests, \d+ B of request bodies \(1 answered by an identical request\)/);
    expect(sched.stats().sent).toBe(0);
  });
});

describe('concurrency and progress', () => {
  it('keeps at most `concurrency` requests in flight and reports progress as they start and finish', async () => {
    const events: SchedulerProgress[] = [];
    const { server, sched } = await setup({ latencyMs: 80 }, { concurrency: 3, onProgress: (p) => events.push(p) });
    await Promise.all(Array.from({ length: 8 }, (_, i) => sched.send(post(`/p/${i}`))));
    expect(server.count()).toBe(8);
    expect(Math.max(...events.map((e) => e.inFlight))).toBe(3);
    expect(events.filter((e) => e.event === 'start')).toHaveLength(8);
    expect(events.filter((e) => e.event === 'finish')).toHaveLength(8);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ sent: 8, inFlight: 0, queued: 0, done: 8 });
    expect(last.ratePerMin).toBeGreaterThan(0);
  });
});

describe('policy details', () => {
  it('reads retry-after-ms first, then retry-after as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter({ 'retry-after-ms': '250.5', 'retry-after': '9' }, now)).toBe(250.5);
    expect(parseRetryAfter({ 'retry-after': '2' }, now)).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });

  it('retries only 429, 503 and resets before a response', () => {
    const ex = (over: Partial<Exchange>): Exchange => ({ id: 'x', request: { method: 'POST', url: '/', headers: {} }, timings: { startedAt: 0 }, ...over });
    const res = (status: number, headers: Record<string, string> = {}) => ({ status, headers, reads: [], bodyBytes: 0, truncated: false });
    expect(retryReason(ex({ response: res(429) }))).toBe('rate-limited');
    expect(retryReason(ex({ response: res(503) }))).toBe('unavailable');
    expect(retryReason(ex({ response: res(500) }))).toBeUndefined();
    expect(retryReason(ex({ response: res(429), replayed: true }))).toBeUndefined();
    expect(retryReason(ex({ error: { kind: 'network', message: 'UND_ERR_SOCKET: other side closed' } }))).toBe('connection-reset');
    expect(retryReason(ex({ error: { kind: 'network', message: 'ECONNRESET: read ECONNRESET' } }))).toBe('connection-reset');
    expect(retryReason(ex({ error: { kind: 'connect', message: 'cannot connect: ECONNREFUSED' } }))).toBeUndefined();
    for (const kind of ['connect-timeout', 'headers-timeout', 'idle-timeout', 'total-timeout'] as const) {
      expect(retryReason(ex({ error: { kind, message: 'ECONNRESET' } }))).toBeUndefined();
    }
    // A stream cut after the headers is an observation, not something to send again.
    expect(retryReason(ex({ response: res(200), error: { kind: 'network', message: 'ECONNRESET' } }))).toBeUndefined();
  });

  it('keys requests by method, path, auth, headers, body and limits; not by purpose or fresh', () => {
    const base = post('/c', { headers: { 'X-A': '1' } });
    expect(requestKey({ ...base, purpose: 'a', fresh: true })).toBe(requestKey(base));
    expect(requestKey({ ...base, headers: { 'x-a': '1' } })).toBe(requestKey(base));
    expect(requestKey({ ...base, auth: { scheme: 'default' } })).toBe(requestKey(base));
    for (const other of [
      { ...base, method: 'PUT' as const },
      { ...base, path: '/d' },
      { ...base, auth: { scheme: 'bearer' as const, key: 'invalid' as const } },
      { ...base, headers: { 'x-a': '2' } },
      { ...base, json: { model: 'n' } },
      { ...base, json: undefined, rawBody: '{"model":"m"}' },
      { ...base, limits: { maxBodyBytes: 10 } },
    ]) {
      expect(requestKey(other)).not.toBe(requestKey(base));
    }
  });
});
