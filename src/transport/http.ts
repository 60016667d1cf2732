/**
 * The transport: one request → one Exchange, over undici. Every phase is bounded (connect, headers,
 * idle body, total) and the body is capped; redirects are never followed (a 3xx is recorded as it is),
 * so credentials cannot be carried to another origin. Failures are data (Exchange.error), never throws:
 * a hostile target can fail a case but not crash the harness.
 */
import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';
import type { Exchange, OutgoingRequest, TransportLimits, TransportErrorKind, BodyRead } from './types.js';
import { redactChunks, redactHeaders, redactText } from './redact.js';
import { parseJsonBounded, type BoundedParse } from './json-depth.js';
import { watchStall } from './stall.js';

export type AuthScheme = 'bearer' | 'x-api-key' | 'api-key';

export interface TargetConnection {
  /** Base URL including any version prefix, e.g. `http://127.0.0.1:4010/v1`. */
  baseUrl: string;
  /** The key's value (read from the environment by the CLI; never from a flag). */
  apiKey?: string;
  /** Scheme used when a request asks for the default. */
  defaultAuth: AuthScheme;
  /** Extra headers sent on every request (`--header`). */
  headers: Record<string, string>;
  limits: TransportLimits;
  /** The run's stop (breaker, deadline, Ctrl-C): aborts every request in flight when it fires. */
  signal?: AbortSignal;
}

/** A key that no provider issues: used to test how a target refuses bad credentials. */
export const INVALID_KEY = 'sk-oai-compat-invalid-key-000000000000000000000000';
/** Bytes of a request body kept in the record (oversized-body probes send megabytes). */
const RECORDED_BODY_CHARS = 64 * 1024;

export type Send = (req: OutgoingRequest) => Promise<Exchange>;

export interface Transport {
  send: Send;
  close(): Promise<void>;
}

let exchangeCounter = 0;
export function nextExchangeId(): string {
  return `x${(++exchangeCounter).toString().padStart(4, '0')}`;
}

export function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) {
    if (new URL(path).origin !== new URL(baseUrl).origin) throw new Error(`refusing a request to another origin: ${new URL(path).origin}`);
    return path;
  }
  return baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

export function authHeaders(conn: Pick<TargetConnection, 'apiKey' | 'defaultAuth'>, mode: OutgoingRequest['auth']): Record<string, string> {
  const m = mode ?? { scheme: 'default' as const };
  if (m.scheme === 'none') return {};
  const scheme: AuthScheme = m.scheme === 'default' ? conn.defaultAuth : m.scheme;
  const key = m.key === 'invalid' ? INVALID_KEY : conn.apiKey;
  if (!key) return {};
  return scheme === 'bearer' ? { authorization: `Bearer ${key}` } : { [scheme]: key };
}

// undici is required when a transport is first made, not when this module loads: every check imports
// bodyJson/bodyText from here, and the CLI's thread (which expands the cases and sends nothing) would
// otherwise hold the HTTP client's ~15 MB for nothing.
const requireHere = createRequire(import.meta.url);
let undici: typeof import('undici') | undefined;
const loadUndici = () => (undici ??= requireHere('undici') as typeof import('undici'));

export function createTransport(conn: TargetConnection): Transport {
  const { Agent, request } = loadUndici();
  const agent = new Agent({
    connect: { timeout: conn.limits.connectMs },
    headersTimeout: conn.limits.headersMs,
    bodyTimeout: conn.limits.idleMs,
    keepAliveTimeout: 4_000,
    connections: 16,
  });
  return {
    send: (req) => sendOnce(agent, request, conn, req),
    close: () => agent.close(),
  };
}

async function sendOnce(
  dispatcher: Dispatcher,
  undiciRequest: typeof import('undici').request,
  conn: TargetConnection,
  req: OutgoingRequest,
): Promise<Exchange> {
  const limits = { ...conn.limits, ...(req.limits ?? {}) };
  const id = nextExchangeId();
  const startedAt = Date.now();
  const t0 = performance.now();
  const elapsed = () => Math.round((performance.now() - t0) * 10) / 10;

  const body = req.rawBody ?? (req.json !== undefined ? JSON.stringify(req.json) : undefined);
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'oai-compat',
    ...(req.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...conn.headers,
    ...authHeaders(conn, req.auth),
    ...(req.headers ?? {}),
  };
  let url: string;
  const exchange: Exchange = {
    id,
    request: { method: req.method, url: '', headers: redactHeaders(headers) },
    timings: { startedAt },
  };
  if (body !== undefined) {
    // Redact before cutting: a cut through a secret would leave most of it unrecognisable and in clear.
    const text = redactText(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    exchange.request.body =
      text.length > RECORDED_BODY_CHARS ? `${text.slice(0, RECORDED_BODY_CHARS)}…[${text.length - RECORDED_BODY_CHARS} more chars]` : text;
  }
  try {
    url = joinUrl(conn.baseUrl, req.path);
    exchange.request.url = redactText(url);
  } catch (e) {
    exchange.error = { kind: 'redirect', message: redactText((e as Error).message) };
    return exchange;
  }

  const abort = new AbortController();
  const totalTimer = setTimeout(() => abort.abort(new TotalTimeout()), limits.totalMs);
  const onStop = () => abort.abort(conn.signal?.reason);
  if (conn.signal?.aborted) onStop();
  else conn.signal?.addEventListener('abort', onStop, { once: true });
  const reads: BodyRead[] = [];
  let kept = 0;
  // Streams only: arrival timing is read on event streams alone (stream.incremental), and only there is the stall its control.
  const stall = isStreamRequest(req) ? watchStall() : undefined;
  let firstByteAt: number | undefined;
  try {
    const res = await undiciRequest(url, {
      dispatcher,
      method: req.method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : Buffer.from(body),
      signal: abort.signal,
      headersTimeout: limits.headersMs,
      bodyTimeout: limits.idleMs,
    });
    exchange.timings.headersMs = elapsed();
    exchange.response = { status: res.statusCode, headers: flattenHeaders(res.headers), reads, bodyBytes: 0, truncated: false };
    try {
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        if (exchange.timings.firstByteMs === undefined) {
          exchange.timings.firstByteMs = elapsed();
          firstByteAt = performance.now();
        }
        const room = limits.maxBodyBytes - kept;
        const part = buf.length > room ? buf.subarray(0, room) : buf;
        if (part.length) reads.push({ t: elapsed(), bytes: new Uint8Array(part) });
        kept += part.length;
        if (kept >= limits.maxBodyBytes && buf.length >= room) {
          exchange.response.truncated = true;
          exchange.error = { kind: 'network', message: `body cap reached: stopped reading after ${limits.maxBodyBytes} bytes` };
          res.body.destroy();
          break;
        }
      }
    } catch (e) {
      exchange.response.truncated = true;
      exchange.error = classify(e, limits);
    }
  } catch (e) {
    exchange.error = classify(e, limits);
  } finally {
    clearTimeout(totalTimer);
    conn.signal?.removeEventListener('abort', onStop);
    exchange.timings.totalMs = elapsed();
    // Stalls that ended from the tick before the first body byte on: one that held the headers and the whole body
    // back ends just before that read.
    if (stall) exchange.timings.stallMs = stall(firstByteAt === undefined ? undefined : firstByteAt - 10);
  }
  if (exchange.response) {
    const clean = redactChunks(reads.map((r) => r.bytes));
    exchange.response.reads = reads.map((r, i) => ({ t: r.t, bytes: clean[i] }));
    exchange.response.bodyBytes = kept;
  }
  return exchange;
}

/** Does the request ask for an event stream (chat, legacy completions, Responses: `stream: true`; or by Accept)? */
function isStreamRequest(req: OutgoingRequest): boolean {
  const json = req.json as { stream?: unknown } | undefined;
  if (json && typeof json === 'object' && json.stream === true) return true;
  return Object.entries(req.headers ?? {}).some(([k, v]) => k.toLowerCase() === 'accept' && /event-stream/i.test(v));
}

class TotalTimeout extends Error {
  constructor() {
    super('total timeout');
    this.name = 'TotalTimeout';
  }
}

function classify(e: unknown, limits: TransportLimits): { kind: TransportErrorKind; message: string } {
  const err = e as { code?: string; name?: string; message?: string; cause?: unknown };
  const cause = (err?.cause ?? {}) as { code?: string; name?: string };
  const code = err?.code ?? cause.code ?? '';
  const name = err?.name ?? '';
  let kind: TransportErrorKind = 'network';
  let message = redactText(String(err?.message ?? e));
  if (name === 'RunStoppedError') {
    // The run stopped (breaker, deadline, Ctrl-C) with this request in flight: not the target's doing.
    message = `not completed: ${message}`;
  } else if (name === 'TotalTimeout' || cause.name === 'TotalTimeout' || (name === 'AbortError' && /total/i.test(String(err.message)))) {
    kind = 'total-timeout';
    message = `no complete answer within the total timeout of ${limits.totalMs} ms`;
  } else if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    kind = 'connect-timeout';
    message = `could not connect within ${limits.connectMs} ms`;
  } else if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    kind = 'headers-timeout';
    message = `no response headers within ${limits.headersMs} ms`;
  } else if (code === 'UND_ERR_BODY_TIMEOUT') {
    kind = 'idle-timeout';
    message = `the body went silent for more than ${limits.idleMs} ms`;
  } else if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    kind = 'connect';
    message = `cannot connect: ${code}`;
  } else if (code) {
    message = `${code}: ${message}`;
  }
  return { kind, message };
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return redactHeaders(out);
}

// Each body is decoded and parsed once per exchange, however many cases read it (an exchange is shared
// by every case that sends the same request). Held weakly: they go when the exchange goes.
const texts = new WeakMap<Exchange, string>();
const parsed = new WeakMap<Exchange, BoundedParse>();

/** The body as text (UTF-8), from the reads. */
export function bodyText(ex: Exchange): string {
  if (!ex.response) return '';
  let text = texts.get(ex);
  if (text === undefined) {
    text = Buffer.concat(ex.response.reads.map((r) => r.bytes)).toString('utf8');
    texts.set(ex, text);
  }
  return text;
}

/**
 * The body parsed as JSON (once per exchange), or undefined when it is not JSON or nests deeper than
 * MAX_JSON_DEPTH (see bodyJsonProblem). The value is shared by every reader: it is frozen so that no
 * case can change what another one reads.
 */
export function bodyJson(ex: Exchange): unknown {
  const p = parseBody(ex);
  return p?.ok ? p.value : undefined;
}

/** Why bodyJson gave undefined for a non-empty body: the parser's message, or the nesting refused. */
export function bodyJsonProblem(ex: Exchange): string | undefined {
  const p = parseBody(ex);
  return p && !p.ok ? p.error : undefined;
}

function parseBody(ex: Exchange): BoundedParse | undefined {
  if (!ex.response) return undefined;
  let p = parsed.get(ex);
  if (!p) {
    const text = bodyText(ex);
    p = text ? parseJsonBounded(text) : { ok: false, error: 'empty body' };
    if (p.ok) deepFreeze(p.value);
    parsed.set(ex, p);
  }
  return p.ok || bodyText(ex) ? p : undefined;
}

/** Iterative (the value may be hundreds of levels deep): freezes every object and array in it. */
function deepFreeze(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const child of Object.values(v as Record<string, unknown>)) if (child !== null && typeof child === 'object') stack.push(child);
  }
}
