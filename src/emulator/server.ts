/**
 * The emulator: a loopback OpenAI-compatible server that behaves as a profile declares (routes, auth,
 * field handling, response shape, headers, stream framing, errors), optionally with one fault on.
 * It is the embedded default target of `oai-compat run` and the test bed of the harness's own tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Profile } from '../spec/profile.types.js';
import { handleChat } from './chat.js';
import { errorAnswer, errorBody, type ErrorAnswer } from './profile-view.js';
import { findFault, type Fault } from './faults/index.js';
import type { ErrorReply, FaultContext } from './faults/types.js';
import { extraRoutes } from './routes.js';
import { responsesRoutes } from './endpoints/responses.js';
import { rateLimitHeaders, responseHeaders } from './headers.js';
import type { EmulatorOptions, RequestContext, RunningEmulator } from './context.js';

export type { EmulatorOptions, RequestContext, RunningEmulator } from './context.js';

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const declared = options.profile.limits?.requestsPerMinute;
  const opts: EmulatorOptions = { ...options, rateLimit: options.rateLimit ?? (declared ? { requests: declared, windowMs: 60_000 } : false) };
  const fault = opts.fault ? findFault(opts.fault) : undefined;
  if (opts.fault && !fault) throw new Error(`unknown fault "${opts.fault}"`);
  const stats = { requests: 0, byRoute: {} as Record<string, number> };
  const hits: number[] = [];
  const server = createServer((req, res) => {
    stats.requests++;
    const delay = opts.latencyMs ? new Promise((r) => setTimeout(r, opts.latencyMs)) : Promise.resolve();
    delay
      .then(() => handle(opts, fault, req, res, stats, hits))
      .catch((e) => {
        // The emulator must never die on a request; report as a 500 with a safe message.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'emulator error', type: 'server_error', param: null, code: null } }));
        process.emitWarning(`emulator: ${(e as Error).message}`);
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  return {
    baseUrl: origin + (opts.profile.target?.basePath ?? ''),
    origin,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  opts: EmulatorOptions,
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  stats: RunningEmulator['stats'],
  hits: number[],
): Promise<void> {
  const profile = opts.profile;
  const url = new URL(req.url ?? '/', 'http://emulator');
  const basePath = profile.target?.basePath ?? '';
  const route = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
  stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  const fctx: FaultContext = { profile, route, body: undefined, headers: req.headers };

  const headersFor = (status: number, extra: Record<string, string> = {}) => {
    const h = { ...responseHeaders(profile, opts), ...extra };
    fault?.headers?.(h, { ...fctx, status });
    return h;
  };
  const sendJson = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, headersFor(status, { 'content-type': 'application/json', ...extra }));
    res.end(text);
  };
  const sendAnswer = (_caseId: string, a: ErrorAnswer, extra: Record<string, string> = {}) => {
    let reply: ErrorReply = { status: a.status, headers: extra, body: errorBody(profile, a) };
    if (fault?.error) reply = fault.error(reply, fctx);
    sendJson(reply.status, reply.body, reply.headers);
  };
  const sendError = (caseId: string, fallback: { status: number; param?: string | null; code?: string | null; message: string }) =>
    sendAnswer(caseId, errorAnswer(profile, caseId, fallback));
  const ctx: RequestContext = { opts, fault, req, res, route, fctx, sendJson, sendError, sendAnswer };

  if (fault?.handle && (await fault.handle(req, res, fctx))) return;

  if (req.method === 'OPTIONS') return preflight(profile, req, res);

  // Rate limit before anything else, as a gateway does.
  if (opts.rateLimit) {
    const now = Date.now();
    while (hits.length && hits[0] <= now - opts.rateLimit.windowMs) hits.shift();
    if (hits.length >= opts.rateLimit.requests) {
      const retryAfter = Math.max(1, Math.ceil((hits[0] + opts.rateLimit.windowMs - now) / 1000));
      await drain(req, 1024 * 1024);
      return sendAnswer(
        'rate-limited',
        { status: 429, type: 'requests', param: null, code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
        rateLimitHeaders(profile, opts, 0, retryAfter),
      );
    }
    hits.push(now);
  }

  const chatPaths = chatRoutes(profile);
  const isChat = chatPaths.has(route);
  const auth = checkAuth(profile, opts.apiKey, req, isChat ? route : undefined);
  if (auth) {
    await drain(req, 1024 * 1024);
    return sendError(auth.caseId, { status: 401, code: auth.code, message: auth.message });
  }

  if (isChat) {
    if (req.method !== 'POST') return sendError('wrong-method', { status: 405, message: `Invalid method for URL (${req.method} ${url.pathname}).` });
    const body = await readJsonBody(ctx);
    if (body === NO_BODY) return;
    fctx.body = body;
    let effective = body;
    if (fault?.request && effective && typeof effective === 'object' && !Array.isArray(effective))
      effective = fault.request(effective as Record<string, unknown>, fctx);
    const refusal = fault?.refuse?.(effective, fctx);
    if (refusal) return sendAnswer('fault', refusal);
    const result = handleChat(profile, effective);
    if (result.kind === 'error') return sendAnswer(result.caseId, result.answer);
    if (!result.stream) {
      fault?.completion?.(result.completion, fctx);
      return sendJson(200, result.completion);
    }
    return writeStream(ctx, result.chunks);
  }

  // The Responses API where the profile serves it (src/emulator/endpoints/responses.ts).
  if (await responsesRoutes(ctx, readJsonBody)) return;
  // /models, embeddings, legacy completions, and the operations declared unsupported.
  if (await extraRoutes(ctx, readJsonBody)) return;
  return sendError('unknown-route', {
    status: 404,
    code: 'unknown_url',
    message: `Unknown request URL: ${req.method} ${url.pathname}. Please check the URL for typos.`,
  });
}

/** Chat-completions routes: the default path plus any auth scheme's own path (Parallel's /v1beta/chat/completions). */
function chatRoutes(profile: Profile): Set<string> {
  const s = new Set(['/chat/completions']);
  for (const row of Object.values(profile.auth ?? {})) if (row.path && row.status === 'supported') s.add(row.path);
  // Rows on a path of their own (beta endpoints) are served there too.
  for (const row of [...Object.values(profile.request ?? {}), ...Object.values(profile.messages ?? {})]) if (row.path) s.add(row.path);
  return s;
}

function checkAuth(profile: Profile, key: string, req: IncomingMessage, chatRoute?: string): { caseId: string; code: string; message: string } | undefined {
  const authz = req.headers.authorization;
  const presented: { scheme: string; value: string }[] = [];
  if (typeof authz === 'string') presented.push({ scheme: 'bearer', value: authz.replace(/^Bearer\s+/i, '') });
  for (const h of ['x-api-key', 'api-key']) if (typeof req.headers[h] === 'string') presented.push({ scheme: h, value: req.headers[h] as string });
  if (!presented.length)
    return {
      caseId: 'no-api-key',
      code: 'missing_api_key',
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    };
  const rows = profile.auth ?? { bearer: { status: 'supported', source: 'default#default' } };
  const route = chatRoute ?? '/chat/completions';
  const allowed = (scheme: string) => {
    const row = rows[scheme];
    if (row?.status !== 'supported') return false;
    // A scheme documented on its own path works there (and the default scheme on the default path).
    return row.path ? row.path === route || !chatRoute : scheme === 'bearer' ? true : route === '/chat/completions';
  };
  const good = presented.find((p) => allowed(p.scheme) && p.value === key);
  if (good) return undefined;
  const shown = presented[0].value;
  const masked = shown.length > 8 ? `${shown.slice(0, 3)}${'*'.repeat(8)}${shown.slice(-4)}` : '****';
  return { caseId: 'bad-api-key', code: 'invalid_api_key', message: `Incorrect API key provided: ${masked}.` };
}

export const NO_BODY = Symbol('no body');

/** Reads a JSON body within the size cap; answers the body error cases itself and returns NO_BODY then. */
export async function readJsonBody(ctx: RequestContext): Promise<unknown> {
  const max = ctx.opts.maxRequestBytes ?? 1024 * 1024;
  const type = String(ctx.req.headers['content-type'] ?? '');
  const raw = await drain(ctx.req, max);
  if (raw === null) {
    ctx.sendError('oversized-body', { status: 413, message: `Request body too large: the limit is ${max} bytes.` });
    return NO_BODY;
  }
  if (!/^application\/json\b/i.test(type) && raw.length) {
    ctx.sendError('wrong-content-type', { status: 415, message: `Unsupported content type '${type || 'none'}': send application/json.` });
    return NO_BODY;
  }
  if (!raw.length) {
    ctx.sendError('empty-body', { status: 400, message: 'We could not parse the JSON body of your request: the body is empty.' });
    return NO_BODY;
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    ctx.sendError('malformed-json', {
      status: 400,
      message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
    });
    return NO_BODY;
  }
}

/** Reads the whole body, or returns null past `max` bytes (then discards the rest). */
function drain(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else parts.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(parts)));
    req.on('error', () => resolve(over ? null : Buffer.concat(parts)));
  });
}

async function writeStream(ctx: RequestContext, chunks: Record<string, unknown>[]): Promise<void> {
  const { res, fault, fctx } = ctx;
  const list = fault?.chunks ? fault.chunks(chunks, fctx) : chunks;
  let events = [...list.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
  if (fault?.sse) events = fault.sse(events, fctx);
  const headers = { ...responseHeaders(ctx.opts.profile, ctx.opts), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
  fault?.headers?.(headers, { ...fctx, status: 200 });
  res.writeHead(200, headers);
  if (fault?.writeSse) return fault.writeSse(res, events, fctx);
  const delay = ctx.opts.chunkDelayMs ?? 2;
  for (const e of events) {
    if (res.destroyed) return;
    res.write(e);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  }
  res.end();
}

function preflight(profile: Profile, req: IncomingMessage, res: ServerResponse): void {
  const cors = profile.headers?.['access-control-allow-origin'];
  if (cors && (cors.status === 'present' || cors.status === 'optional')) {
    res.writeHead(204, {
      'access-control-allow-origin': cors.value ?? '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? 'authorization, content-type'),
      'access-control-max-age': '600',
    });
  } else {
    res.writeHead(204, {});
  }
  res.end();
}
