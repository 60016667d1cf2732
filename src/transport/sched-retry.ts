/**
 * Retry policy: which answers are worth sending again, and after how long (wire-format.md §4.4).
 *
 * Retried: 429 and 503 (the server asks us to come back) and a connection reset before any response
 * (a dropped keep-alive socket, a proxy restart). Never retried: any other status (a 400 or 404 is the
 * observation a case wants), a timeout (the target is slow; sending again doubles the cost and the wait),
 * a refused connection (the target is down), anything that failed after the response started (nothing
 * is retried mid-stream), and a replayed exchange (its retries happened when it was recorded).
 */
import type { Exchange } from './types.js';

export type RetryReason = 'rate-limited' | 'unavailable' | 'connection-reset';

// Messages of a connection dropped under an in-flight request, as undici and Node word them.
const RESET = /ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|socket hang up|other side closed|connection reset/i;

export function isConnectionReset(ex: Exchange): boolean {
  return !ex.response && !!ex.error && (ex.error.kind === 'network' || ex.error.kind === 'connect') && RESET.test(ex.error.message);
}

export function retryReason(ex: Exchange): RetryReason | undefined {
  if (ex.replayed) return undefined;
  const res = ex.response;
  if (res) {
    // The SDKs obey this first (§4.4); a 429 for an exhausted quota says `false` and waiting will not help.
    if (res.headers['x-should-retry']?.trim().toLowerCase() === 'false') return undefined;
    if (res.status === 429) return 'rate-limited';
    if (res.status === 503) return 'unavailable';
    return undefined;
  }
  return isConnectionReset(ex) ? 'connection-reset' : undefined;
}

/**
 * The wait the server asks for, in ms: `retry-after-ms` (float ms, non-standard, read first as the SDKs
 * do), else `retry-after` as seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Record<string, string>, nowEpochMs = Date.now()): number | undefined {
  const ms = headers['retry-after-ms']?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const ra = headers['retry-after']?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowEpochMs);
}

/** Backoff when the server names no wait: min(0.5·2^k, 8) s, minus up to 25% jitter (the SDKs' formula). */
export function backoffMs(retryIndex: number, random: () => number): number {
  return Math.min(500 * 2 ** retryIndex, 8_000) * (1 - 0.25 * random());
}

export interface RetryDelay {
  /** What the server asked for, or the backoff; the floor of the wait. */
  baseMs: number;
  /** baseMs plus jitter: never earlier than asked, so retries of many requests do not land together. */
  delayMs: number;
  serverAsked: boolean;
}

export function retryDelay(ex: Exchange, retryIndex: number, random: () => number): RetryDelay {
  const asked = ex.response ? parseRetryAfter(ex.response.headers) : undefined;
  if (asked !== undefined) {
    return { baseMs: asked, delayMs: asked + random() * Math.min(1_000, asked * 0.1), serverAsked: true };
  }
  const b = backoffMs(retryIndex, random);
  return { baseMs: b, delayMs: b, serverAsked: false };
}
