/**
 * Faults for headers (header.*): response headers missing, repeated or in the wrong format, the 429 a
 * client cannot back off from, credentials accepted where they must not be, CORS opened where it is
 * restricted, and SDK request headers refused.
 *
 * The 429 faults: the harness never provokes a rate limit, it only reads the 429s a run meets. So these
 * faults make the run meet one: the missing-messages bad request (which header.* and error.* send anyway)
 * is answered 429 as a rate limiter in front of the API would, with the fault's headers. error.missing-
 * messages then sees a 429 and says inconclusive, not fail; only the header check of the fault fails.
 */
import { createHash } from 'node:crypto';
import { sendFaultError, type Fault, type ErrorReply, type FaultContext } from './types.js';

type Obj = Record<string, unknown>;

/** Is this error answer the one for the missing-messages bad request? */
const isMissingMessages = (ctx: FaultContext) => {
  const b = ctx.body as Obj | undefined;
  return ctx.route.endsWith('/chat/completions') && b !== null && typeof b === 'object' && !Array.isArray(b) && !('messages' in b);
};

/** A 429 from a rate limiter, with the x-ratelimit-* headers OpenAI sends. */
function rateLimited(reply: ErrorReply): ErrorReply {
  const headers: Record<string, string> = {
    ...reply.headers,
    'x-ratelimit-limit-requests': '60',
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': '1s',
  };
  return {
    status: 429,
    headers,
    body: { error: { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
  };
}

/** Every 429 (the emulator's own rate limiter's too) carries `retryAfter` as given, or no Retry-After at all. */
function rateLimitFault(id: string, description: string, retryAfter: () => string | undefined, profile?: string): Fault {
  return {
    id,
    description,
    catches: ['header.retry-after'],
    evidence: 'peers-and-breakages.md 3.7 item 45 (429 without usable Retry-After: SDK backoff cannot work); wire-format.md 4.4',
    ...(profile ? { profile } : {}),
    error: (reply, ctx) => {
      const limited = reply.status === 429 ? reply : isMissingMessages(ctx) ? rateLimited(reply) : undefined;
      if (!limited) return reply;
      const { 'retry-after': _drop, ...headers } = limited.headers;
      const value = retryAfter();
      return { ...limited, headers: value === undefined ? headers : { ...headers, 'retry-after': value } };
    },
  };
}

/**
 * A bare 429, as a rate limiter in front of the API that knows no headers sends it: neither Retry-After (nor
 * retry-after-ms) nor any x-ratelimit-*, on every 429 (the emulator's own limiter's too). The scheduler's
 * retries then fall back to exponential back-off and meet the same bare 429, so the run logs each attempt.
 */
const bareRateLimitFault: Fault = {
  id: 'bare-429',
  description: 'a 429 with neither Retry-After nor any x-ratelimit-* header (nothing for a client to back off by)',
  catches: ['header.retry-after'],
  evidence: 'peers-and-breakages.md 3.7 item 45 (429 without usable Retry-After: SDK backoff cannot work); wire-format.md 4.4',
  error: (reply, ctx) => (reply.status === 429 ? reply : isMissingMessages(ctx) ? rateLimited(reply) : reply),
  headers(h, ctx) {
    if (ctx.status !== 429) return;
    for (const k of Object.keys(h)) if (k === 'retry-after' || k === 'retry-after-ms' || k.startsWith('x-ratelimit-')) delete h[k];
  },
};

export const headerFaults: Fault[] = [
  bareRateLimitFault,
  {
    id: 'no-request-id',
    description: 'no x-request-id on any answer',
    catches: ['header.x-request-id'],
    evidence: 'wire-format.md 5.2: the SDKs expose x-request-id as the request id',
    headers(h) {
      delete h['x-request-id'];
    },
  },
  {
    id: 'constant-request-id',
    description: 'the same x-request-id on every answer (a cached or hard-coded value)',
    catches: ['header.x-request-id'],
    headers(h) {
      if (h['x-request-id']) h['x-request-id'] = 'req_00000000000000000000000000000000';
    },
  },
  {
    // Different requests still get different ids: only a repeat of an identical request tells this one apart.
    id: 'request-id-per-request',
    description: 'x-request-id derived from the request (a response cache in front of the API): identical requests share one id',
    catches: ['header.x-request-id'],
    headers(h, ctx) {
      if (!h['x-request-id']) return;
      const digest = createHash('sha256')
        .update(`${ctx.route} ${JSON.stringify(ctx.body ?? null)}`)
        .digest('hex');
      h['x-request-id'] = `req_${digest.slice(0, 32)}`;
    },
  },
  {
    id: 'json-as-text-plain',
    description: 'JSON answers are labelled text/plain',
    catches: ['header.content-type'],
    evidence: 'wire-format.md 5.2 / 8.1: the Node SDK parses JSON only under a JSON media type',
    headers(h) {
      if (/^application\/json/i.test(h['content-type'] ?? '')) h['content-type'] = 'text/plain; charset=utf-8';
    },
  },
  {
    id: 'reset-epoch-seconds',
    description: 'x-ratelimit-reset-* as epoch seconds instead of duration strings',
    catches: ['header.x-ratelimit-reset-requests', 'header.x-ratelimit-reset-tokens'],
    evidence: 'wire-format.md 5.2: "Go-style duration strings … (not epoch seconds, not bare integers)"',
    headers(h) {
      const at = String(Math.floor(Date.now() / 1000) + 60);
      for (const k of ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']) if (h[k] !== undefined) h[k] = at;
    },
  },
  rateLimitFault('no-retry-after-on-429', 'a 429 without Retry-After', () => undefined, 'flexai'),
  rateLimitFault('retry-after-http-date', 'a 429 whose Retry-After is an HTTP date, not whole seconds', () => new Date(Date.now() + 2_000).toUTCString()),
  rateLimitFault('retry-after-float', 'a 429 whose Retry-After is fractional seconds ("1.5")', () => '1.5'),
  {
    id: 'accepts-x-api-key',
    description: 'accepts the key in x-api-key where the provider documents Bearer tokens only',
    catches: ['header.auth.x-api-key'],
    profile: 'flexai',
    evidence: 'flexai-openai-compatibility.txt: "Bearer tokens only"',
    handle(req) {
      const key = req.headers['x-api-key'];
      if (typeof key === 'string' && !req.headers.authorization) req.headers.authorization = `Bearer ${key}`;
      return false;
    },
  },
  {
    id: 'scheme-path-missing',
    description: "the path a documented auth scheme works on (Parallel's /v1beta/chat/completions for x-api-key) does not exist",
    catches: ['header.auth.x-api-key'],
    profile: 'parallel',
    evidence: 'parallel-chat-completions-reference.txt: POST /v1beta/chat/completions with x-api-key',
    handle(req, res, ctx) {
      const paths = Object.values(ctx.profile.auth ?? {})
        .map((r) => r.path)
        .filter(Boolean);
      if (!paths.includes(ctx.route)) return false;
      return sendFaultError(res, 404, `Unknown request URL: ${req.method} ${req.url}`, 'unknown_url');
    },
  },
  {
    id: 'cors-wide-open',
    description: 'the CORS preflight allows any origin (*) where the provider documents CORS as restricted',
    catches: ['header.access-control-allow-origin'],
    profile: 'flexai',
    evidence: 'flexai-openai-compatibility.txt: "CORS is restricted; the API is intended for server-to-server calls"',
    handle(req, res) {
      if (req.method !== 'OPTIONS') return false;
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
      });
      res.end();
      return true;
    },
  },
  {
    id: 'refuses-stainless-headers',
    description: "refuses requests that carry the SDKs' X-Stainless-* headers (400 unknown header)",
    catches: ['header.x-stainless-*'],
    evidence: 'wire-format.md 5.1: "Servers must ignore unknown X-Stainless-* headers"',
    handle(req, res) {
      const h = Object.keys(req.headers).find((k) => k.startsWith('x-stainless-'));
      if (!h) return false;
      return sendFaultError(res, 400, `Unrecognized request header: ${h}`);
    },
  },
  {
    id: 'refuses-organization-header',
    description: 'refuses requests that carry OpenAI-Organization (400 unknown header)',
    catches: ['header.openai-organization', 'header.auth.organization-header'],
    evidence: 'wire-format.md 5.1: the SDKs send OpenAI-Organization whenever an organisation is configured',
    handle(req, res) {
      if (req.headers['openai-organization'] === undefined) return false;
      return sendFaultError(res, 400, 'Unrecognized request header: openai-organization');
    },
  },
];
