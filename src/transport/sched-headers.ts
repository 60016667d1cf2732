/**
 * What a target's rate-limit headers say about the room left, read before a 429 happens. The first family
 * an answer carries is read:
 * - OpenAI's: `x-ratelimit-remaining-requests` / `-tokens` and `x-ratelimit-reset-requests` / `-tokens`
 *   (the resets are Go-style durations such as `1s`, `6m0s`, `20ms`, `1h2m3.5s`); Groq, Together and
 *   FlexAI send the same;
 * - the IETF drafts' (httpapi-ratelimit-headers), as gateways and rate-limit middleware send them
 *   (express-rate-limit's `standardHeaders`): `RateLimit: "policy";r=0;t=30` (draft 8 and later; the
 *   least room of its policies), `RateLimit: limit=30, remaining=0, reset=30` (draft 7), or
 *   `RateLimit-Remaining` / `RateLimit-Reset` (draft 6); the reset is in seconds from now;
 * - the older unsuffixed `x-ratelimit-remaining` / `x-ratelimit-reset` (express-rate-limit's legacy
 *   headers, OpenRouter's, GitHub's), whose reset is seconds from now, epoch seconds or epoch ms.
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

/** Seconds from now as ms (the IETF drafts' reset: a delta, never a date). */
function deltaSecondsMs(value: string | undefined): number | undefined {
  const v = value?.trim();
  return v && /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : undefined;
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
function ietfRateLimit(value: string | undefined): PolicyRoom | undefined {
  if (!value?.trim()) return undefined;
  const param = (text: string, name: string) => new RegExp(`(?:^|[;,\\s])${name}=([0-9.]+)`).exec(text)?.[1];
  if (/(?:^|[,\s])remaining=/.test(value)) return { remaining: count(param(value, 'remaining')), resetMs: deltaSecondsMs(param(value, 'reset')) };
  let least: PolicyRoom | undefined;
  for (const item of value.split(',')) {
    const room = { remaining: count(param(item, 'r')), resetMs: deltaSecondsMs(param(item, 't')) };
    if (room.remaining === undefined) continue;
    if (!least || room.remaining < least.remaining! || (room.remaining === least.remaining && (room.resetMs ?? 0) > (least.resetMs ?? 0))) least = room;
  }
  return least;
}

/** The request room of the families other than OpenAI's, the first one present. */
function otherRequestRoom(headers: Record<string, string>, nowEpochMs: number): PolicyRoom | undefined {
  const families: (PolicyRoom | undefined)[] = [
    ietfRateLimit(headers.ratelimit),
    { remaining: count(headers['ratelimit-remaining']), resetMs: deltaSecondsMs(headers['ratelimit-reset']) },
    { remaining: count(headers['x-ratelimit-remaining']), resetMs: parseResetMs(headers['x-ratelimit-reset'], nowEpochMs) },
  ];
  return families.find((f) => f?.remaining !== undefined);
}

/** The room the headers report; undefined when they report none. */
export function readRateLimitRoom(headers: Record<string, string>, nowEpochMs = Date.now()): RateLimitRoom | undefined {
  const room: RateLimitRoom = {
    remainingRequests: count(headers['x-ratelimit-remaining-requests']),
    resetRequestsMs: parseResetMs(headers['x-ratelimit-reset-requests'], nowEpochMs),
    remainingTokens: count(headers['x-ratelimit-remaining-tokens']),
    resetTokensMs: parseResetMs(headers['x-ratelimit-reset-tokens'], nowEpochMs),
  };
  if (Object.values(room).some((v) => v !== undefined)) return room;
  const other = otherRequestRoom(headers, nowEpochMs);
  return other ? { remainingRequests: other.remaining, resetRequestsMs: other.resetMs } : undefined;
}
