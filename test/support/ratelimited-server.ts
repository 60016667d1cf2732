/**
 * A real HTTP server on loopback that behaves like a rate-limited provider, for the scheduler and
 * cassette tests: N requests per sliding window (a short window so tests take seconds), 429 with
 * Retry-After and x-ratelimit-* headers, optional latency, 503s, connection resets, scripted replies,
 * and a log of everything it saw.
 *
 * Also `loopbackSend`: a minimal undici transport producing Exchanges, so these tests do not depend on
 * the real transport (src/transport/http.ts). Unlike the real one it does NOT redact: the cassette tests
 * rely on that to prove the recorder's own redaction check.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, request } from 'undici';
import type { BodyRead, Exchange, OutgoingRequest } from '../../src/transport/types.js';

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
}

export interface RateLimitedServerOptions {
  /** N requests accepted in any sliding window of windowMs; requests over it get 429 and do not count. */
  limit?: { requests: number; windowMs: number };
  /** Refuse with bare 429s: no Retry-After, no x-ratelimit-* (a limit nobody declared). */
  bare?: boolean;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Per-path latency, overriding latencyMs (to make completion order differ from sending order). */
  latencyByPath?: Record<string, number>;
  /** The first `count` requests (after the limit check) get 503 with `retry-after-ms`. */
  unavailable?: { count: number; retryAfterMs: number };
  /** 1-based arrival numbers whose connection is destroyed without an answer. */
  resetOn?: number[];
  /** Replies per path, used in order; once used up the path answers normally. */
  scripts?: Record<string, ScriptedReply[]>;
}

export interface Arrival {
  /** performance.now() at arrival. */
  t: number;
  n: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** What it answered: a status, or 'reset'. */
  outcome: number | 'reset';
}

export interface RateLimitedServer {
  url: string;
  arrivals: Arrival[];
  /** Requests seen (every arrival, including refused and reset ones). */
  count(): number;
  countStatus(outcome: number | 'reset'): number;
  close(): Promise<void>;
}

/**
 * Routes, after the limit / reset / script / 503 checks:
 *   /status/NNN[?retry-after=S&retry-after-ms=MS]  answers NNN with an OpenAI-style error envelope
 *   /stream                                        an SSE stream of three chunks 15 ms apart, then [DONE]
 *   /echo                                          the request body back
 *   anything else                                  200 {"ok":true,"n":<arrival number>,"path":...}
 */
export async function startRateLimitedServer(opts: RateLimitedServerOptions = {}): Promise<RateLimitedServer> {
  const arrivals: Arrival[] = [];
  const accepted: number[] = []; // arrival times inside the current window
  const scripts = new Map(Object.entries(opts.scripts ?? {}).map(([k, v]) => [k, [...v]]));
  const sockets = new Set<Socket>();
  let n = 0;
  let unavailableLeft = opts.unavailable?.count ?? 0;

  const server = createServer((req, res) => {
    const t = performance.now();
    const k = ++n;
    // The window is judged here, in arrival order, not when the body has been read.
    const refusedForMs = opts.resetOn?.includes(k) ? undefined : overLimit(t);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const arrival: Arrival = {
        t,
        n: k,
        method: req.method ?? '',
        path: url.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        outcome: 0,
      };
      arrivals.push(arrival);
      void answer(req, res, url, arrival, refusedForMs);
    });
  });

  /** Ms until the window has room, when it is full now; else counts the request and returns undefined. */
  function overLimit(t: number): number | undefined {
    if (!opts.limit) return undefined;
    const { requests, windowMs } = opts.limit;
    while (accepted.length && accepted[0]! <= t - windowMs) accepted.shift();
    if (accepted.length >= requests) return Math.max(1, Math.ceil(accepted[0]! + windowMs - t));
    accepted.push(t);
    return undefined;
  }
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function answer(req: IncomingMessage, res: ServerResponse, url: URL, a: Arrival, refusedForMs: number | undefined): Promise<void> {
    const reply = (status: number, headers: Record<string, string>, body: string) => {
      a.outcome = status;
      const latency = opts.latencyByPath?.[a.path] ?? opts.latencyMs ?? 0;
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${a.n}`, ...headers });
        res.end(body);
      }, latency);
    };

    if (opts.resetOn?.includes(a.n)) {
      a.outcome = 'reset';
      req.socket.destroy();
      return;
    }

    if (refusedForMs !== undefined && opts.bare) return reply(429, {}, errorBody('Too many requests', 'requests', 'rate_limit_exceeded'));
    if (refusedForMs !== undefined) {
      return reply(
        429,
        {
          'retry-after': String(Math.ceil(refusedForMs / 1000)),
          'retry-after-ms': String(refusedForMs),
          'x-ratelimit-limit-requests': String(opts.limit!.requests),
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${refusedForMs}ms`,
        },
        errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
      );
    }

    const script = scripts.get(a.path);
    const next = script?.shift();
    if (next) {
      if (next.reset) {
        a.outcome = 'reset';
        req.socket.destroy();
        return;
      }
      return reply(next.status ?? 200, next.headers ?? {}, next.body ?? JSON.stringify({ ok: true, n: a.n, scripted: true }));
    }

    if (unavailableLeft > 0) {
      unavailableLeft--;
      return reply(503, { 'retry-after-ms': String(opts.unavailable!.retryAfterMs) }, errorBody('The server is overloaded', 'server_error', null));
    }

    const status = /^\/status\/(\d{3})$/.exec(a.path);
    if (status) {
      const headers: Record<string, string> = {};
      for (const h of ['retry-after', 'retry-after-ms', 'x-should-retry']) {
        const v = url.searchParams.get(h);
        if (v !== null) headers[h] = v;
      }
      return reply(Number(status[1]), headers, errorBody(`status ${status[1]}`, 'invalid_request_error', null));
    }

    if (a.path === '/stream') {
      a.outcome = 200;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': `req_${a.n}` });
      const events = ['data: {"n":1}\n\n', 'data: {"n":2}\n\n', 'data: {"n":3}\n\n', 'data: [DONE]\n\n'];
      for (const e of events) {
        await new Promise((r) => setTimeout(r, 15));
        res.write(e);
      }
      res.end();
      return;
    }

    if (a.path === '/echo') return reply(200, {}, a.body);
    return reply(200, {}, JSON.stringify({ ok: true, n: a.n, path: a.path }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    count: () => n,
    countStatus: (o) => arrivals.filter((a) => a.outcome === o).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function errorBody(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

let exchangeCounter = 0;

/**
 * A minimal transport: one undici request → one Exchange, every read kept with its arrival time.
 * Failures become `error` (kinds and message style as the real transport words them), never throws.
 */
export function loopbackSend(baseUrl: string): { send: (req: OutgoingRequest) => Promise<Exchange>; close: () => Promise<void> } {
  const dispatcher = new Agent({ connections: 16 });
  const send = async (req: OutgoingRequest): Promise<Exchange> => {
    const started = performance.now();
    const url = /^https?:/.test(req.path) ? req.path : baseUrl + req.path;
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    let body: string | Uint8Array | undefined = req.rawBody;
    if (body === undefined && req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    }
    const ex: Exchange = {
      id: `t${++exchangeCounter}`,
      request: { method: req.method, url, headers, ...(typeof body === 'string' ? { body } : {}) },
      timings: { startedAt: Date.now() },
    };
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body,
        dispatcher,
        headersTimeout: req.limits?.headersMs ?? 10_000,
        bodyTimeout: req.limits?.idleMs ?? 10_000,
      });
      ex.timings.headersMs = performance.now() - started;
      const reads: BodyRead[] = [];
      ex.response = { status: res.statusCode, headers: flatten(res.headers), reads, bodyBytes: 0, truncated: false };
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        const t = performance.now() - started;
        ex.timings.firstByteMs ??= t;
        reads.push({ t, bytes: new Uint8Array(chunk) });
        ex.response.bodyBytes += chunk.byteLength;
      }
    } catch (e) {
      const err = e as { code?: string; message?: string };
      ex.error =
        err.code === 'ECONNREFUSED'
          ? { kind: 'connect', message: 'cannot connect: ECONNREFUSED' }
          : err.code === 'UND_ERR_HEADERS_TIMEOUT'
            ? { kind: 'headers-timeout', message: `no response headers within ${req.limits?.headersMs} ms` }
            : { kind: 'network', message: `${err.code ?? 'ERR'}: ${err.message ?? String(e)}` };
    }
    ex.timings.totalMs = performance.now() - started;
    return ex;
  };
  return { send, close: () => dispatcher.close() };
}

function flatten(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
