/**
 * What a target's rate-limit headers say about the room left, read before a 429 happens:
 * `x-ratelimit-remaining-requests` / `-tokens` and `x-ratelimit-reset-requests` / `-tokens`
 * (OpenAI's family; the resets are Go-style durations such as `1s`, `6m0s`, `20ms`, `1h2m3.5s`).
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
 * A reset as ms from now: a Go duration (`6m0s`, `20ms`), bare seconds (`60`, `1.5`), or epoch seconds
 * (a bare number past 2001, as some gateways send). Undefined when unreadable.
 */
export function parseResetMs(value: string | undefined, nowEpochMs = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
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

/** The room the headers report; undefined when they report none. */
export function readRateLimitRoom(headers: Record<string, string>, nowEpochMs = Date.now()): RateLimitRoom | undefined {
  const room: RateLimitRoom = {
    remainingRequests: count(headers['x-ratelimit-remaining-requests']),
    resetRequestsMs: parseResetMs(headers['x-ratelimit-reset-requests'], nowEpochMs),
    remainingTokens: count(headers['x-ratelimit-remaining-tokens']),
    resetTokensMs: parseResetMs(headers['x-ratelimit-reset-tokens'], nowEpochMs),
  };
  return Object.values(room).some((v) => v !== undefined) ? room : undefined;
}
