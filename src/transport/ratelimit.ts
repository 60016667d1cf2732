/**
 * Client-side pacing for a target that counts requests in a sliding window (N per window W, usually
 * a minute).
 *
 * A token bucket kept as GCRA (the "virtual scheduling" form): sends are paced on a grid of interval
 * T = W / (u·N), u being the utilisation (`defaultUtilisation`), and a send may go up to τ early against
 * the grid. In any window of length W that lets through at most 1 + ⌊(W + τ)/T⌋ requests. The headroom
 * the utilisation leaves is H = W·(1 − u)/u; taking τ = H/4 gives 1 + ⌊N − 3(1 − u)·N/4⌋ ≤ N, so a
 * server counting a sliding window is never exceeded, not even in the first minute (a bucket that
 * started with a minute's worth of tokens would send 2N there). The other three quarters of H absorb
 * the jitter between our send times and the server's arrival times: a new connection's TLS handshake
 * delays one request and not the next. That jitter is a time, not a share of the window: u = 0.97 left
 * 1.4 s of it in a minute; the default leaves 0.9 s (u = 0.98) in a minute, and paces windows under about
 * 11 s at 0.9 (the floor; 20 s at 0.94). (u = 0.99, 0.45 s of jitter, met a 429 on a loaded machine in bench/pacing.mjs; u = 0.97
 * on a 4 s window, 93 ms of jitter, met one in CI, where the target's event loop shared two cores with
 * the test suite: 0.9 leaves 333 ms.)
 *
 * τ is what the classic description calls the burst (1 + ⌊τ/T⌋ tokens: 1 at 60 rpm, 76 at 10 000 rpm)
 * and it also lets the bucket win back a timer that fired late, so a busy event loop does not cost
 * throughput.
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

/** Headroom wanted in any window, in ms (jitter between our send times and the server's arrival times). */
const JITTER_HEADROOM_MS = 1_200;

/**
 * The fraction of a limit to pace at: enough headroom for `JITTER_HEADROOM_MS`, never under 0.9 (short
 * windows: a third of a second of jitter on a 4 s window) nor above 0.99 (a minute's window: 0.98).
 */
export function defaultUtilisation(limit: RateLimit): number {
  return Math.min(0.99, Math.max(0.9, limit.windowMs / (limit.windowMs + JITTER_HEADROOM_MS)));
}

/** τ, in ms: a quarter of the headroom the utilisation leaves. */
export function pacingTolerance(limit: RateLimit, utilisation = defaultUtilisation(limit)): number {
  return (limit.windowMs * (1 - utilisation)) / utilisation / 4;
}

/** Requests a fresh (or long idle) bucket lets through at once: 1 + ⌊τ/T⌋. */
export function safeBurst(limit: RateLimit, utilisation = defaultUtilisation(limit)): number {
  return 1 + Math.floor(((1 - utilisation) * limit.requests) / 4 + 1e-9);
}

export interface TokenBucketOptions {
  /** No limit: nothing is paced, only pauses (after a 429) hold requests back. */
  limit?: RateLimit;
  /** Fraction of the limit to pace at, in (0, 1]. */
  utilisation?: number;
  /** Overrides the burst (and so τ = (burst − 1)·T). The default keeps the window guarantee. */
  burst?: number;
  /** Monotonic clock in ms (injectable so the window arithmetic can be checked without waiting). */
  now?: () => number;
}

// Tolerance for floating-point round-off when a caller waits exactly the time it was told.
const EPSILON_MS = 1e-6;

export class TokenBucket {
  /** Ms between sends at the paced rate; 0 when unlimited. */
  private interval = 0;
  /** τ: how far ahead of the grid a send may go. */
  private tolerance = 0;
  /** Theoretical time of the next send on the grid. */
  private tat: number;
  private paused = -Infinity;
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(opts: TokenBucketOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
    this.tat = this.now();
    this.setRate(opts.limit, opts);
  }

  /** Ms between sends at the paced rate; 0 when unlimited. */
  get intervalMs(): number {
    return this.interval;
  }

  /** τ: how far ahead of the grid a send may go. */
  get toleranceMs(): number {
    return this.tolerance;
  }

  /**
   * Changes the rate from now on (the adaptive pacer's lever; a declared limit sets it once). The next
   * slot moves to one new interval after the last one, so a change never lets a burst through, and a
   * rate raised far (a per-second window learned) does not wait out the slow rate's interval; undefined:
   * unpaced.
   */
  setRate(limit: RateLimit | undefined, opts: Pick<TokenBucketOptions, 'utilisation' | 'burst'> = {}): void {
    const u = opts.utilisation ?? (limit ? defaultUtilisation(limit) : 1);
    if (!(u > 0 && u <= 1)) throw new RangeError(`utilisation must be in (0, 1], got ${u}`);
    if (limit) {
      if (!(limit.requests > 0 && limit.windowMs > 0)) throw new RangeError('rate limit needs requests > 0 and windowMs > 0');
      if (opts.burst !== undefined && !(opts.burst >= 1)) throw new RangeError(`burst must be >= 1, got ${opts.burst}`);
      const interval = limit.windowMs / (u * limit.requests);
      if (this.interval) this.tat += interval - this.interval;
      this.interval = interval;
      this.tolerance = opts.burst !== undefined ? (opts.burst - 1) * this.interval : pacingTolerance(limit, u);
    } else {
      this.interval = 0;
      this.tolerance = 0;
    }
    this.pump();
  }

  /** Requests let through at once by a fresh or idle bucket (Infinity when unlimited). */
  get burst(): number {
    return this.intervalMs ? 1 + Math.floor(this.toleranceMs / this.intervalMs + 1e-9) : Infinity;
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
    const early = tat - this.toleranceMs - now;
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
    if (this.intervalMs) this.tat = until + this.toleranceMs;
    this.pump();
  }

  private pump = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiters.length) {
      const wait = this.tryTake();
      if (wait > 0) {
        // Timers may fire a little early; pump re-checks and re-arms, so a token is never taken early.
        // unref: waiters a stopped run left behind must not keep the finished process alive (the suites
        // run in the CLI's thread, which vitest's runner keeps alive while they run: run/in-thread-pool.ts).
        this.timer = setTimeout(this.pump, Math.max(1, Math.ceil(wait))).unref();
        return;
      }
      this.waiters.shift()!();
    }
  };
}
