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

// Tolerance for floating-point round-off when a caller waits exactly the time it was told.
const EPSILON_MS = 1e-6;

/**
 * Kept as GCRA (the "virtual scheduling" form of a token bucket): `tat` is the theoretical time of the
 * next send at the paced rate, and a send is allowed while it is at most `tolerance` = (burst − 1)
 * intervals ahead of now. Same behaviour as counting fractional tokens, without their round-off drift.
 */
export class TokenBucket {
  readonly burst: number;
  /** Ms between sends at the paced rate; 0 when unlimited. */
  readonly intervalMs: number;
  private readonly tolerance: number;
  private tat: number;
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
      this.intervalMs = opts.limit.windowMs / (u * opts.limit.requests);
      this.burst = opts.burst ?? safeBurst(opts.limit, u);
      if (!(this.burst >= 1)) throw new RangeError(`burst must be >= 1, got ${this.burst}`);
    } else {
      this.intervalMs = 0;
      this.burst = Infinity;
    }
    this.tolerance = this.intervalMs ? (this.burst - 1) * this.intervalMs : 0;
    // A fresh bucket holds its full (small) burst.
    this.tat = this.now();
  }

  /** Requests per minute this bucket paces at (undefined when unlimited). */
  get pacedPerMinute(): number | undefined {
    return this.intervalMs ? 60_000 / this.intervalMs : undefined;
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
    if (!this.intervalMs) return 0;
    const tat = Math.max(this.tat, now);
    const early = tat - this.tolerance - now;
    if (early > EPSILON_MS) return early;
    this.tat = tat + this.intervalMs;
    return 0;
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
   * is full: when the pause ends exactly one send is allowed (the request that was refused) and the
   * rest follow at the paced rate, so the release is not a burst.
   */
  pauseUntil(until: number): void {
    if (until <= this.paused) return;
    this.paused = until;
    if (this.intervalMs) this.tat = until + this.tolerance;
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
