/**
 * Adaptive pacing for a target whose limit nobody declared (no profile limit, no --rpm): AIMD on the
 * answers, steering the scheduler's token bucket.
 *
 * - Until the first sign of a limit the run is unpaced (the configured concurrency is the only bound).
 * - A 429 is a congestion event. The first one sets the rate to 90% of the requests the server
 *   accepted over the last window (for a server counting N per window that count is N, so the estimate
 *   starts near the limit rather than halving down to it); a later one multiplies the rate by 0.85.
 *   Only one decrease per event: a 429 for a request sent before the last decrease, or with no
 *   accepted answer since it, is the same full window, not a new sign that the rate is too high.
 * - While the window is full every request is held (the bucket's pause) for an exponential backoff
 *   with jitter, 1/120 of the window doubling up to half of it (0.5 s … 30 s in a minute), or for the
 *   Retry-After the server names; each probe after a pause is one request, not a burst.
 * - Every accepted answer raises the rate by step/rate, so it grows by `step` per window of answers
 *   (additive increase, step = 5% of the rate at the last decrease, at least 1): the run converges
 *   just under the limit and meets a 429 now and then, when it has crept over it. The step doubles
 *   after each whole window with no decrease, so a limit far above the first estimate (one counted
 *   per second, which the minute's count underestimates) is reached in a few windows, not hundreds.
 * - `x-ratelimit-remaining-requests` / `-reset-requests` pace before any 429: when none remain once
 *   the requests in flight have taken theirs, every request is held until the reset (as when no token
 *   remains, until the token reset). A hold lasts at most a window, and after three long ones (a quarter
 *   of the window or more) with no room reported in between the headers are ignored: a server whose
 *   headers say 0 on every answer costs a few holds, not the run. The remaining count is not spread over the reset as
 *   a rate: OpenAI's reset is the time until the bucket is full again, and 5 left with 59 s to go would
 *   pace a 500-a-minute limit at 5 a minute.
 *
 * The window the limit is assumed to be counted in is a minute (how providers state limits and how
 * profiles declare them); tests scale it down with the server they run against. One clock (the
 * bucket's) times everything, so a simulated clock drives it deterministically.
 */
import type { Exchange } from './types.js';
import type { TokenBucket } from './ratelimit.js';
import { parseRetryAfter } from './sched-retry.js';
import { readRateLimitRoom } from './sched-headers.js';

/** How the rate a run paced at was found: declared (profile, --rpm, --rate), from the target's headers, by AIMD, or never bounded. */
export type PacingSource = 'declared' | 'headers' | 'adaptive' | 'unpaced';

export interface LearnedRate {
  source: PacingSource;
  /** Requests per minute paced at (at the end of the run); undefined when unpaced. */
  perMinute?: number;
}

export interface AdaptivePacerOptions {
  bucket: TokenBucket;
  /** The window a limit is assumed to be counted in (default a minute). */
  windowMs?: number;
  /** The bucket's clock. */
  now?: () => number;
  random?: () => number;
  /** A Retry-After beyond this is not imposed on every request (the scheduler's --max-retry-after). */
  maxHoldMs?: number;
}

/** Share of the accepted count kept by the first decrease, and the factor of every later one. */
const FIRST_CUT = 0.9;
const DECREASE = 0.85;
/** Additive step per window, as a share of the rate at the last decrease. */
const STEP_SHARE = 0.05;
/** A probe every so often (bucket burst of one, a quarter of an interval of slack for late timers). */
const BURST = 1.25;

export class AdaptivePacer {
  private readonly bucket: TokenBucket;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  /** The AIMD rate, requests per window; undefined until the first 429. */
  private perWindow: number | undefined;
  private step = 1;
  private lastDecreaseAt = -Infinity;
  private acceptedSinceDecrease = false;
  private refusedInARow = 0;
  /** When the current 429 hold was set and when it ends: a 429 for a request sent before it is that same hold. */
  private heldSince = -Infinity;
  private heldUntil = -Infinity;
  /** When the step last doubled (or was reset by a decrease). */
  private stepSince = -Infinity;
  private readonly maxHoldMs: number;
  /** Send times of accepted answers over the last window (for the first estimate). */
  private readonly accepted: number[] = [];
  /** The headers have held the run (no request left before their reset). */
  private byHeaders = false;
  private longHoldsInARow = 0;
  private headersDistrusted = false;
  private bound: LearnedRate = { source: 'unpaced' };

  constructor(opts: AdaptivePacerOptions) {
    this.bucket = opts.bucket;
    this.windowMs = opts.windowMs ?? 60_000;
    this.now = opts.now ?? (() => performance.now());
    this.random = opts.random ?? Math.random;
    this.maxHoldMs = opts.maxHoldMs ?? Infinity;
  }

  /** The rate paced at now and how it was found. */
  learned(): LearnedRate {
    return { ...this.bound };
  }

  /**
   * One answer, to a request put on the wire at `sentAt` (bucket clock) while `inFlight` others were.
   * Returns the ms every request is held for now (a 429's backoff or Retry-After; 0 when not held).
   */
  observe(sentAt: number, ex: Exchange, inFlight = 0): number {
    const res = ex.response;
    if (!res || ex.replayed) return 0; // no answer says nothing about the rate; a recording is not the target
    const now = this.now();
    const heldMs = this.readHeaders(res.headers, now, inFlight);
    // `x-should-retry: false` on a 429 is a quota, not a rate: slowing down would not help.
    const quota = res.headers['x-should-retry']?.trim().toLowerCase() === 'false';
    if (res.status === 429) return quota ? heldMs : Math.max(heldMs, this.refused(sentAt, res.headers, now));
    if (res.status < 500) this.acceptedAnswer(sentAt, now);
    this.apply(now);
    return heldMs;
  }

  private refused(sentAt: number, headers: Record<string, string>, now: number): number {
    // Sent before the current hold began (it was in flight): the same full window, already answered.
    if (sentAt < this.heldSince) return Math.max(0, this.heldUntil - now);
    this.refusedInARow++;
    const newEvent = this.perWindow === undefined || (sentAt >= this.lastDecreaseAt && this.acceptedSinceDecrease);
    if (newEvent) {
      this.perWindow = this.perWindow === undefined ? Math.max(1, FIRST_CUT * this.acceptedInWindow(now)) : Math.max(1, DECREASE * this.perWindow);
      this.step = Math.max(1, STEP_SHARE * this.perWindow);
      this.stepSince = now;
      this.lastDecreaseAt = now;
      this.acceptedSinceDecrease = false;
    }
    this.apply(now);
    const asked = parseRetryAfter(headers);
    const holdMs = asked ?? this.backoffMs();
    // A wait beyond the cap is not imposed on the run (a quota-style 429); its request gives up instead.
    if (holdMs <= this.maxHoldMs) {
      this.heldSince = now;
      this.heldUntil = Math.max(this.heldUntil, now + holdMs);
      this.bucket.pauseUntil(now + holdMs);
    }
    return holdMs;
  }

  /** 1/120 of the window doubling per 429 in a row, up to half the window, minus up to 25% jitter. */
  private backoffMs(): number {
    const base = Math.min((this.windowMs / 120) * 2 ** (this.refusedInARow - 1), this.windowMs / 2);
    return base * (1 - 0.25 * this.random());
  }

  private acceptedAnswer(sentAt: number, now: number): void {
    this.refusedInARow = 0;
    this.acceptedSinceDecrease = true;
    this.accepted.push(sentAt);
    this.trim(now);
    if (this.perWindow === undefined) return;
    // A whole window with no new 429: the limit may be well above (a limit counted per second, say),
    // so the step doubles; the increase stays additive within a window.
    if (now - this.stepSince >= this.windowMs) {
      this.step *= 2;
      this.stepSince = now;
    }
    this.perWindow += this.step / this.perWindow;
  }

  private acceptedInWindow(now: number): number {
    this.trim(now);
    return this.accepted.length;
  }

  private trim(now: number): void {
    while (this.accepted.length && this.accepted[0]! <= now - this.windowMs) this.accepted.shift();
  }

  /** Reads the room the headers report; returns the hold it imposes (0 when none). */
  private readHeaders(headers: Record<string, string>, now: number, inFlight: number): number {
    if (this.headersDistrusted) return 0;
    const room = readRateLimitRoom(headers);
    if (!room) return 0;
    let hold = 0;
    // Nothing left once the requests in flight have taken theirs: hold until the reset.
    const left = room.remainingRequests;
    if (left !== undefined && left - inFlight <= 0 && room.resetRequestsMs) hold = room.resetRequestsMs;
    if (room.remainingTokens === 0 && room.resetTokensMs) hold = Math.max(hold, room.resetTokensMs);
    if (hold <= 0) {
      this.longHoldsInARow = 0;
      return 0;
    }
    hold = Math.min(hold, this.windowMs);
    if (hold >= this.windowMs / 4 && ++this.longHoldsInARow > 2) {
      // Long holds back to back with no room reported in between: the reset never came, so the
      // headers are not a count (a static "0 remaining"). Ignored from now on; 429s still pace.
      this.headersDistrusted = true;
      return 0;
    }
    this.bucket.pauseUntil(now + hold);
    this.byHeaders = true;
    return hold;
  }

  /** Sets the bucket to the AIMD rate (unpaced until the first 429). */
  private apply(now: number): void {
    if (this.perWindow === undefined) {
      // Held by the headers only: the rate is what the target let through over the last window.
      this.bound = this.byHeaders ? { source: 'headers', perMinute: (this.acceptedInWindow(now) * 60_000) / this.windowMs } : { source: 'unpaced' };
      return;
    }
    this.bucket.setRate({ requests: this.perWindow, windowMs: this.windowMs }, { utilisation: 1, burst: BURST });
    this.bound = { source: 'adaptive', perMinute: (this.perWindow * 60_000) / this.windowMs };
  }
}
