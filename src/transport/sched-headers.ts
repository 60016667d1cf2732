/**
 * What a target's rate-limit headers say about the room left, read before a 429 happens. The request room
 * is read from the first family an answer carries:
 * - OpenAI's: `x-ratelimit-remaining-requests` / `-tokens` and `x-ratelimit-reset-requests` / `-tokens`
 *   (the resets are Go-style durations such as `1s`, `6m0s`, `20ms`, `1h2m3.5s`); Groq and FlexAI send
 *   the same; the tokens are read from this family only;
 * - the IETF drafts' (httpapi-ratelimit-headers), as gateways and rate-limit middleware send them
 *   (express-rate-limit's `standardHeaders`): `RateLimit: "policy";r=0;t=30` (draft 8 and later; the
 *   least room of its policies), `RateLimit: limit=30, remaining=0, reset=30` (draft 7), or
 *   `RateLimit-Remaining` / `RateLimit-Reset` (draft 6); the reset is seconds from now (read as a date
 *   when it is one, as some servers send it), and no longer than the window `RateLimit-Policy` states;
 * - the older unsuffixed `x-ratelimit-remaining` / `x-ratelimit-reset` (express-rate-limit's legacy
 *   headers, Together's, OpenRouter's, GitHub's), whose reset is seconds from now, epoch seconds or
 *   epoch ms.
 * A reset given as a date is measured on the server's clock when ours is off: the skew is its `Date`
 * header against the moment the head arrived (not the moment the body ended: a streamed answer takes
 * seconds), taken when it is over 2 s (the header has whole seconds); a client whose clock is off would
 * otherwise send into a window that has not reset, or wait for one that has.
 * Retry-After and retry-after-ms are read by sched-retry.ts (they only come with a 429 or a 503).
 */

export interface RateLimitRoom {
  /** Requests the server will still accept before its reset. */
  remainingRequests?: number;
  /** Ms until the request count is replenished. */
  resetRequestsMs?: number;
  /** Tokens the server will still accept before its reset. */
  remainingTokens?: number;
  /** Ms until the token count is replenished. */
  resetTokensMs?: number;
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 1e-3, µs: 1e-3, ns: 1e-6 };
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const GO_PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/**
 * A reset as ms from now: a Go duration (`6m0s`, `20ms`), bare seconds (`60`, `1.5`), epoch seconds (a
 * bare number past 2001, as some gateways send) or epoch ms (past 2001 in ms: OpenRouter's
 * `X-RateLimit-Reset`). Undefined when unreadable.
 */
export function parseResetMs(value: string | undefined, nowEpochMs = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n > 1e12) return Math.max(0, n - nowEpochMs);
    return n > 1e9 ? Math.max(0, n * 1000 - nowEpochMs) : n * 1000;
  }
  if (!GO_DURATION.test(v)) return undefined;
  let ms = 0;
  for (const [, n, unit] of v.matchAll(GO_PART)) ms += Number(n) * UNIT_MS[unit!]!;
  return ms;
}

function count(value: string | undefined): number | undefined {
  const v = value?.trim();
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** One policy's room in an IETF `RateLimit` field. */
interface PolicyRoom {
  remaining?: number;
  resetMs?: number;
}

/**
 * The `RateLimit` field: draft 7's one dictionary (`limit=30, remaining=0, reset=30`), or draft 8's
 * list of policies (`"minute";r=0;t=30, "day";r=900;t=3600`), of which the one with the least room counts.
 */
function ietfRateLimit(value: string | undefined, nowEpochMs: number): PolicyRoom | undefined {
  if (!value?.trim()) return undefined;
  const param = (text: string, name: string) => new RegExp(`(?:^|[;,\\s])${name}=([0-9.]+)`).exec(text)?.[1];
  if (/(?:^|[,\s])remaining=/.test(value)) return { remaining: count(param(value, 'remaining')), resetMs: parseResetMs(param(value, 'reset'), nowEpochMs) };
  let least: PolicyRoom | undefined;
  for (const item of value.split(',')) {
    const room = { remaining: count(param(item, 'r')), resetMs: parseResetMs(param(item, 't'), nowEpochMs) };
    if (room.remaining === undefined) continue;
    if (!least || room.remaining < least.remaining! || (room.remaining === least.remaining && (room.resetMs ?? 0) > (least.resetMs ?? 0))) least = room;
  }
  return least;
}

/** The longest window `RateLimit-Policy` states (`15;w=1`, `"minute"; q=15; w=60`), in ms. */
function policyWindowMs(value: string | undefined): number | undefined {
  const windows = [...(value ?? '').matchAll(/(?:^|[;,\s])w=(\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]) * 1000);
  return windows.length ? Math.max(...windows) : undefined;
}

/** The IETF drafts' room: the `RateLimit` field, else draft 6's; a reset no longer than the policy's window. */
function ietfRoom(headers: Record<string, string>, nowEpochMs: number): PolicyRoom | undefined {
  const room = ietfRateLimit(headers.ratelimit, nowEpochMs) ?? {
    remaining: count(headers['ratelimit-remaining']),
    resetMs: parseResetMs(headers['ratelimit-reset'], nowEpochMs),
  };
  if (room.remaining === undefined) return undefined;
  const window = policyWindowMs(headers['ratelimit-policy']);
  return window !== undefined && room.resetMs !== undefined ? { ...room, resetMs: Math.min(room.resetMs, window) } : room;
}

/** The request room of the families other than OpenAI's, the first one present. */
function otherRequestRoom(headers: Record<string, string>, nowEpochMs: number): PolicyRoom | undefined {
  const unsuffixed = { remaining: count(headers['x-ratelimit-remaining']), resetMs: parseResetMs(headers['x-ratelimit-reset'], nowEpochMs) };
  return ietfRoom(headers, nowEpochMs) ?? (unsuffixed.remaining !== undefined ? unsuffixed : undefined);
}

/** Now on the server's clock when ours is off by more than 2 s from its `Date` at the head's arrival; else ours. */
function serverClock(headers: Record<string, string>, nowEpochMs: number, headAtEpochMs: number): number {
  const date = headers.date ? Date.parse(headers.date) : Number.NaN;
  const skew = date - headAtEpochMs;
  return Number.isFinite(skew) && Math.abs(skew) > 2_000 ? nowEpochMs + skew : nowEpochMs;
}

/**
 * The room the headers report; undefined when they report none. `headAtEpochMs`: when the answer's head
 * arrived (its Date is compared with that).
 */
export function readRateLimitRoom(headers: Record<string, string>, nowEpochMs = Date.now(), headAtEpochMs = nowEpochMs): RateLimitRoom | undefined {
  const clock = serverClock(headers, nowEpochMs, headAtEpochMs);
  const room: RateLimitRoom = {
    remainingRequests: count(headers['x-ratelimit-remaining-requests']),
    resetRequestsMs: parseResetMs(headers['x-ratelimit-reset-requests'], clock),
    remainingTokens: count(headers['x-ratelimit-remaining-tokens']),
    resetTokensMs: parseResetMs(headers['x-ratelimit-reset-tokens'], clock),
  };
  // Field by field: a token count of OpenAI's family beside another family's request count (a proxy
  // adding its own headers) keeps the request count.
  if (room.remainingRequests === undefined && room.resetRequestsMs === undefined) {
    const other = otherRequestRoom(headers, clock);
    if (other) {
      room.remainingRequests = other.remaining;
      room.resetRequestsMs = other.resetMs;
    }
  }
  return Object.values(room).some((v) => v !== undefined) ? room : undefined;
}
