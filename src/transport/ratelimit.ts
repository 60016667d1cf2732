/**
 * Client-side pacing for a target that counts requests in a sliding window (N per minute).
 *
 * A token bucket refilled at u·N per window (u, the utilisation, 0.97 by default) with a burst b.
 * In any window of length W the bucket lets through at most b + u·N requests (the tokens it held
 * when the window opened plus what it refilled), so b is kept inside the headroom (1 − u)·N: a server
 * that counts a sliding window is never exceeded, not even in the first minute, where a bucket that
 * started full (a minute's worth) would send 2N in the first 60 s. Half of the headroom buys the burst,
 * the other half absorbs jitter between our send times and the server's arrival times.
 *
 * A 429 pauses the whole bucket, not just the request that got it: every other request would meet the
 * same full window.
 */

export interface RateLimit {
  /** Requests allowed in any window of `windowMs`. */
  requests: number;
  windowMs: number;
}

export const perMinute = (requests: number): RateLimit => ({ requests, windowMs: 60_000 });

export const DEFAULT_UTILISATION = 0.97;

/** The largest burst that keeps b + u·N within N with half of the headroom spare (at least 1). */
export function safeBurst(limit: RateLimit, utilisation = DEFAULT_UTILISATION): number {
  return Math.max(1, Math.floor(((1 - utilisation) * limit.requests) / 2));
}

export interface TokenBucketOptions {
  /** No limit: nothing is paced, only pauses (after a 429) hold requests back. */
  limit?: RateLimit;
  /** Fraction of the limit to pace at, in (0, 1]. */
  utilisation?: number;
  burst?: number;
  /** Monotonic clock in ms (injectable so the window arithmetic can be checked without waiting). */
  now?: () => number;
}

// Floating-point refill can leave 0.9999999 of a token where 1 is due.
const EPSILON = 1e-9;

export class TokenBucket {
  readonly burst: number;
  /** Tokens per ms; Infinity when unlimited. */
  readonly ratePerMs: number;
  private tokens: number;
  private last: number;
  private paused = -Infinity;
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(opts: TokenBucketOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
    const u = opts.utilisation ?? DEFAULT_UTILISATION;
    if (!(u > 0 && u <= 1)) throw new RangeError(`utilisation must be in (0, 1], got ${u}`);
    if (opts.limit) {
      if (!(opts.limit.requests > 0 && opts.limit.windowMs > 0)) throw new RangeError('rate limit needs requests > 0 and windowMs > 0');
      this.ratePerMs = (u * opts.limit.requests) / opts.limit.windowMs;
      this.burst = opts.burst ?? safeBurst(opts.limit, u);
    } else {
      this.ratePerMs = Infinity;
      this.burst = Infinity;
    }
    this.tokens = this.burst;
    this.last = this.now();
  }

  /** Requests per minute this bucket paces at (undefined when unlimited). */
  get pacedPerMinute(): number | undefined {
    return Number.isFinite(this.ratePerMs) ? this.ratePerMs * 60_000 : undefined;
  }

  /** Ms until the current pause ends (0 when not paused). */
  pausedForMs(): number {
    return Math.max(0, this.paused - this.now());
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * The synchronous core: takes a token if one is due now and returns 0, or returns how many ms
   * until one will be. Exposed so the window guarantee can be checked on a simulated clock.
   */
  tryTake(now = this.now()): number {
    if (now < this.paused) return this.paused - now;
    if (!Number.isFinite(this.ratePerMs)) return 0;
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.ratePerMs);
      this.last = now;
    }
    if (this.tokens >= 1 - EPSILON) {
      this.tokens = Math.max(0, this.tokens - 1);
      return 0;
    }
    return (1 - this.tokens) / this.ratePerMs;
  }

  /** Resolves when the caller may send; callers are served first come, first served. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.pump();
    });
  }

  /**
   * Holds every request until `until` (on this bucket's clock). The server has just said its window
   * is full: when the pause ends exactly one token is available (for the request that was refused)
   * and the rest refill at the normal pace, so the release is not a burst.
   */
  pauseUntil(until: number): void {
    if (until <= this.paused) return;
    this.paused = until;
    if (Number.isFinite(this.ratePerMs)) {
      this.tokens = Math.min(1, this.burst);
      this.last = until;
    }
    this.pump();
  }

  private pump = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiters.length) {
      const wait = this.tryTake();
      if (wait > 0) {
        // Timers may fire a little early; pump re-checks and re-arms, so a token is never taken early.
        this.timer = setTimeout(this.pump, Math.max(1, Math.ceil(wait)));
        return;
      }
      this.waiters.shift()!();
    }
  };
}
