/**
 * The run guard inside the scheduler and the transport, against real loopback servers: the breaker
 * trips on a target that stopped answering and on one that only rate-limits, never on one that answers
 * (error statuses included, and 429s a retry got past); a stop refuses what waits and aborts what is in
 * flight; a Retry-After beyond the cap is given up on, with the reason.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createScheduler } from '../../src/transport/scheduler.js';
import { createTransport } from '../../src/transport/http.js';
import { RunGuard, RunStoppedError } from '../../src/transport/sched-guard.js';
import { DEFAULT_LIMITS, type OutgoingRequest } from '../../src/transport/types.js';
import { serve } from '../support/servers.js';
import { loopbackSend, startRateLimitedServer } from '../support/ratelimited-server.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});
const post = (path: string, extra: Partial<OutgoingRequest> = {}): OutgoingRequest => ({ method: 'POST', path, json: { model: 'm' }, ...extra });

async function silent(): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((s) => {
    sockets.add(s);
    s.on('data', () => {});
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(
    () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transportTo(baseUrl: string, guard: RunGuard, headersMs = 500) {
  const t = createTransport({ baseUrl, defaultAuth: 'bearer', headers: {}, signal: guard.signal, limits: { ...DEFAULT_LIMITS, headersMs, totalMs: 60_000 } });
  cleanup.push(() => t.close());
  return t;
}

describe('the circuit breaker', () => {
  it('trips after consecutive requests with no answer: the rest are refused, not sent', async () => {
    const guard = new RunGuard({ tripAfter: 3 });
    const sched = createScheduler({ send: transportTo(await silent(), guard).send, concurrency: 1, guard });
    for (let i = 0; i < 3; i++) expect((await sched.send(post(`/a${i}`))).error?.kind).toBe('headers-timeout');
    expect(guard.stopped?.kind).toBe('unresponsive');
    expect(guard.stopped?.message).toMatch(/3 requests in a row got no usable answer/);
    await expect(sched.send(post('/after'))).rejects.toBeInstanceOf(RunStoppedError);
    expect(sched.stats().sent).toBe(3);
  });

  it('never trips on a target that answers, whatever it answers: errors, 404s, and 429s a retry got past', async () => {
    const server = await startRateLimitedServer({
      scripts: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`/r${i}`, [{ status: i % 2 ? 404 : 429, headers: { 'retry-after-ms': '50' } }]])),
    });
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const guard = new RunGuard({ tripAfter: 2 });
    const sched = createScheduler({ send: transport.send, concurrency: 2, guard });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => sched.send(post(`/r${i}`))));
    expect(answers.map((a) => a.response?.status)).toEqual([200, 404, 200, 404, 200, 404, 200, 404]);
    expect(guard.stopped).toBeUndefined();
  });

  it('trips on a target that answers nothing but 429 after the retries', async () => {
    const server = await serve((req, res) => {
      req.resume();
      res.writeHead(429, { 'retry-after-ms': '20' });
      res.end();
    });
    cleanup.push(() => server.close());
    const transport = loopbackSend(server.url);
    cleanup.push(() => transport.close());
    const guard = new RunGuard({ tripAfter: 2 });
    const sched = createScheduler({ send: transport.send, concurrency: 1, maxRetries: 1, guard });
    await sched.send(post('/a'));
    await sched.send(post('/b'));
    expect(guard.stopped?.kind).toBe('unresponsive');
    expect(guard.stopped?.message).toMatch(/HTTP 429/);
  });
});

describe('a stop', () => {
  it('aborts a request in flight and refuses the ones waiting for a slot', async () => {
    const guard = new RunGuard();
    const sched = createScheduler({ send: transportTo(await silent(), guard, 600_000).send, concurrency: 1, guard });
    const inFlight = sched.send(post('/slow'));
    const waiting = sched.send(post('/queued'));
    // Handled from the start: on a loaded machine it is refused before the aborted request settles.
    const waitingRefused = expect(waiting).rejects.toBeInstanceOf(RunStoppedError);
    // Stop once the first request is on the wire (the silent server never answers it).
    while (sched.stats().sent < 1) await new Promise((r) => setTimeout(r, 10));
    guard.stop({ kind: 'interrupted', message: 'not reached: the run was interrupted (SIGINT)' });
    const ex = await inFlight;
    expect(ex.response).toBeUndefined();
    expect(ex.error?.message).toMatch(/not completed: not reached: the run was interrupted/);
    await waitingRefused;
    // An answer cut by the stop is not counted against the target.
    expect(guard.stopped?.kind).toBe('interrupted');
  });

  it('a deadline already past refuses everything at once', async () => {
    const guard = new RunGuard({ deadlineAt: Date.now() - 1 });
    const sched = createScheduler({
      send: async () => {
        throw new Error('must not be sent');
      },
      guard,
    });
    await expect(sched.send(post('/x'))).rejects.toThrow(/deadline passed/);
  });
});

describe('the Retry-After cap', () => {
  it('gives up on a Retry-After beyond the cap, says why, and does not hold the run', async () => {
    const server = await serve((req, res) => {
      req.resume();
      res.writeHead(429, { 'retry-after': '3600' });
      res.end();
    });
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const sched = createScheduler({ send: transport.send, maxRetryWaitMs: 10_000 });
    const ex = await sched.send(post('/q'));
    expect(ex.response?.status).toBe(429);
    expect(sched.gaveUp(ex)).toMatch(/asking to wait 3600 s, beyond the retry wait cap of 10 s/);
    // The bucket was not paused for an hour: the next request goes out (and meets the same 429).
    expect((await sched.send(post('/q2'))).response?.status).toBe(429);
  });

  it('a 429 a retry got past is not given up on', async () => {
    const server = await startRateLimitedServer({ scripts: { '/f': [{ status: 429, headers: { 'retry-after-ms': '20' } }] } });
    const transport = loopbackSend(server.url);
    cleanup.push(
      () => server.close(),
      () => transport.close(),
    );
    const sched = createScheduler({ send: transport.send });
    const ex = await sched.send(post('/f'));
    expect(ex.response?.status).toBe(200);
    expect(sched.gaveUp(ex)).toBeUndefined();
  });
});
