/**
 * Adaptive pacing for a target whose limit nobody declared (no profile limit, no --rpm): AIMD on the
 * answers, steering the scheduler's token bucket.
 *
 * - Until the first sign of a limit the run is unpaced (the configured concurrency is the only bound).
 * - A 429 is a congestion event, and it opens an episode that lasts until a request sent after it is
 *   accepted (the window has room again). Only one decrease per episode: every 429 inside it is the same
 *   full window, not a new sign that the rate is too high. A later episode multiplies the rate by 0.85,
 *   or by 0.5 when it begins within a learned window of the last one's end (see cut()).
 * - The first episode also learns the window the limit is counted in (sched-window.ts): the last probe still
 *   refused proves the window stayed full that long after the first 429, so the window is at least that
 *   (a limit counted per second recovers within a second, one counted per minute, met in a burst, takes
 *   most of the minute); the smallest usual window (1 s, 10 s, a minute) that long is taken, and the rate
 *   set to 90% of what the server accepted over that window before the first 429 (for a server counting
 *   N per window that count is N, so the estimate starts near the limit rather than halving down to it).
 *   Until then (the episode's holds) the rate is 90% of what was accepted over the last minute, so the
 *   probes go one at a time. A later episode that proves a longer window re-learns from it.
 * - While the window is full every request is held (the bucket's pause) for an exponential backoff
 *   with jitter, 1/120 of the minute doubling up to half of the window (0.5 s … 30 s in a minute, 0.5 s
 *   once a second's window is learned), or for the Retry-After the server names; each probe after a
 *   pause is one request, not a burst.
 * - Every accepted answer raises the rate by step/rate, so it grows by `step` per window of answers
 *   (additive increase, step = 5% of the rate at the last decrease, at least 1): the run converges
 *   just under the limit and meets a 429 now and then, when it has crept over it. The step doubles
 *   after each whole window with no decrease, so a limit far above the estimate (a window learned too
 *   long) is reached in a few windows, not hundreds.
 * - `x-ratelimit-remaining-requests` / `-reset-requests` pace before any 429: when none remain once
 *   the requests in flight have taken theirs, every request is held until the reset (as when no token
 *   remains, until the token reset). A hold lasts at most a window, none is imposed for a reset beyond
 *   --max-retry-after, and the third hold in a row with no answer in between that needed none is not
 *   imposed: the headers are ignored from then on, so a server whose headers say 0 on every answer costs a
 *   few holds, not the run (readHeaders()). Other families than OpenAI's are read too (sched-headers.ts). The remaining count is not spread over the reset as
 *   a rate: OpenAI's reset is the time until the bucket is full again, and 5 left with 59 s to go would
 *   pace a 500-a-minute limit at 5 a minute.
 *
 * The longest window considered is a minute (how providers state limits and how profiles declare them),
 * and the rate is kept per minute whatever window it was learned in; tests scale the minute down with the
 * server they run against (the shorter windows scale with it). One clock (the bucket's) times everything,
 * so a simulated clock drives it deterministically.
 */
import type { Exchange } from './types.js';
import type { TokenBucket } from './ratelimit.js';
import { parseRetryAfter } from './sched-retry.js';
import { readRateLimitRoom } from './sched-headers.js';
import { RefusalEpisode, learnWindow, usualWindows, windowAtLeast } from './sched-window.js';

/** How the rate a run paced at was found: declared (profile, --rpm, --rate), from the target's headers, by AIMD, or never bounded. */
export type PacingSource = 'declared' | 'headers' | 'adaptive' | 'unpaced';

export interface LearnedRate {
  source: PacingSource;
  /**
   * Requests per minute paced at (at the end of the run); undefined when unpaced. Adaptive: the AIMD rate,
   * which creeps over the limit until a 429 cuts it, so it ends a run near the limit, above or below it.
   */
  perMinute?: number;
  /** Adaptive: the window the limit was learned to be counted in, in ms (absent until one was; not in results.json). */
  windowMs?: number;
}

export interface AdaptivePacerOptions {
  bucket: TokenBucket;
  /** The longest window a limit is assumed to be counted in (default a minute; shorter ones scale with it). */
  windowMs?: number;
  /** The bucket's clock. */
  now?: () => number;
  random?: () => number;
  /** A Retry-After beyond this is not imposed on every request (the scheduler's --max-retry-after). */
  maxHoldMs?: number;
}

/** Share of the accepted count kept by the first decrease, and the factors of later ones (cut()). */
const FIRST_CUT = 0.9;
const DECREASE = 0.85;
const HALVE = 0.5;
/** Additive step per window, as a share of the rate at the last decrease. */
const STEP_SHARE = 0.05;
/** A probe every so often (bucket burst of one, a quarter of an interval of slack for late timers). */
const BURST = 1.25;

export class AdaptivePacer {
  private readonly bucket: TokenBucket;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  /** The AIMD rate, requests per `windowMs` (whatever window it was learned in); undefined until the first 429. */
  private perWindow: number | undefined;
  private step = 1;
  private refusedInARow = 0;
  /** The 429s since the window was last seen full, until a request sent after the first is accepted. */
  private episode: RefusalEpisode | undefined;
  /** Send time of the request that ended the last episode: a 429 for one sent before it is that episode's. */
  private recoveredAt = -Infinity;
  /** The window the limit is counted in, once an episode has shown it. */
  private learnedWindowMs: number | undefined;
  /** Send time of the request that ended the first episode (longer windows are checked once paced through). */
  private firstRecoveredAt = Infinity;
  /** When the current 429 hold was set and when it ends: a 429 for a request sent before it is that same hold. */
  private heldSince = -Infinity;
  private heldUntil = -Infinity;
  /** When the step last doubled (or was reset by a decrease). */
  private stepSince = -Infinity;
  private readonly maxHoldMs: number;
  /** Send times of accepted answers over the last two windows (an episode counts the window before it). */
  private readonly accepted: number[] = [];
  /** The headers have held the run (no request left before their reset). */
  private byHeaders = false;
  private headersHoldUntil = -Infinity;
  /** Holds by the headers in a row, each begun after the last one ended, with no answer in between that needed none. */
  private holdsInARow = 0;
  /** When the last hold began (bucket clock), and the requests left its answer reported. */
  private headersHeldFrom = -Infinity;
  private leftAtHold = 0;
  /** The answer being read carried a room count that paces the run (acceptedAnswer() does not raise the rate). */
  private countPaces = false;
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
    // The head's arrival on the wall clock (a Date header is compared with it, not with the body's end).
    const headAt = ex.timings.startedAt + (ex.timings.headersMs ?? 0);
    const heldMs = this.readHeaders(res.headers, sentAt, now, inFlight, headAt);
    // `x-should-retry: false` on a 429 is a quota, not a rate: slowing down would not help.
    const quota = res.headers['x-should-retry']?.trim().toLowerCase() === 'false';
    if (res.status === 429) {
      if (quota) return heldMs;
      const refusedMs = this.refused(sentAt, res.headers, now);
      if (heldMs > 0 && this.episode) this.episode.serverTimed = true; // the 429's own headers held the run
      return Math.max(heldMs, refusedMs);
    }
    if (res.status < 500) this.acceptedAnswer(sentAt, now, this.countPaces);
    this.apply(now);
    return heldMs;
  }

  private refused(sentAt: number, headers: Record<string, string>, now: number): number {
    // Sent before the current hold began (in flight, or in the same ms): the same full window, already answered.
    if (sentAt <= this.heldSince) {
      this.episode?.refused(sentAt);
      return Math.max(0, this.heldUntil - now);
    }
    this.refusedInARow++;
    if (this.episode) this.episode.refused(sentAt);
    else if (sentAt >= this.recoveredAt) {
      // A new episode: the one decrease. The first sets a provisional rate from the minute's count,
      // so the probes go one at a time until the episode's end shows the window (recovered()).
      this.episode = new RefusalEpisode(sentAt);
      // Already held by the headers until their reset: the run waits for that, not for probes.
      if (this.headersHoldUntil > now) this.episode.serverTimed = true;
      this.setPerWindow(this.perWindow === undefined ? FIRST_CUT * this.acceptedIn(now - this.windowMs, now) : this.cut(sentAt) * this.perWindow, now);
    }
    this.apply(now);
    const asked = parseRetryAfter(headers);
    if (asked !== undefined && this.episode) this.episode.serverTimed = true;
    const holdMs = asked ?? this.backoffMs();
    // A wait beyond the cap is not imposed on the run (a quota-style 429); its request gives up instead.
    if (holdMs <= this.maxHoldMs) {
      this.heldSince = now;
      this.heldUntil = Math.max(this.heldUntil, now + holdMs);
      this.bucket.pauseUntil(now + holdMs);
    }
    return holdMs;
  }

  /**
   * The decrease of a later episode: 0.85, or half when the window is full again within one learned
   * window of having room. Paced under a limit learned right, that does not happen (a rate that crept
   * over meets its 429 long after the last); it is a rate well above the limit (a limit that refills
   * slowly after a burst, as a per-minute token bucket does, first looks like a short window).
   */
  private cut(sentAt: number): number {
    return this.learnedWindowMs !== undefined && sentAt - this.recoveredAt < this.learnedWindowMs ? HALVE : DECREASE;
  }

  /**
   * 1/120 of the minute doubling per 429 in a row, up to half the window, minus up to 25% jitter. The
   * window is the one learned, or a longer one the open episode has already outlasted (a window learned
   * too short must not cap the probes of a longer one at its own half).
   */
  private backoffMs(): number {
    const learned = this.learnedWindowMs ?? this.windowMs;
    const outlasted = this.episode ? windowAtLeast(this.episode.fullFor(Infinity), this.windowMs) : 0;
    const cap = Math.max(learned, outlasted) / 2;
    const base = Math.min((this.windowMs / 120) * 2 ** (this.refusedInARow - 1), cap);
    return base * (1 - 0.25 * this.random());
  }

  private setPerWindow(perWindow: number, now: number): void {
    this.perWindow = Math.max(1, perWindow);
    this.step = Math.max(1, STEP_SHARE * this.perWindow);
    this.stepSince = now;
  }

  /** `countPaces`: the answer carried a room count the run is paced by (the rate is then not raised). */
  private acceptedAnswer(sentAt: number, now: number, countPaces = false): void {
    this.refusedInARow = 0;
    this.accepted.push(sentAt);
    this.trim(now);
    if (this.episode && sentAt > this.episode.start) {
      this.recovered(sentAt, now);
      return;
    }
    if (this.perWindow === undefined) return;
    // The target's own count paces the run (its holds come before any 429): with no 429 to cut it, an
    // additive increase would climb for ever (to hundreds of times an honest limit, in the review's sims),
    // and the rate reported with it. Tried and not taken: raising it unless a header hold came since the
    // last episode (a token bucket's count seldom reaches 0, and the rate read 1.9 of its limit). The cost:
    // a 429 met on another dimension than the count (tokens) leaves the rate where that 429 cut it.
    if (countPaces) return;
    // A whole window with no new 429: the limit may be well above (a limit counted per second, say),
    // so the step doubles; the increase stays additive within a window.
    if (now - this.stepSince >= this.windowMs) {
      this.step *= 2;
      this.stepSince = now;
    }
    this.perWindow += this.step / this.perWindow;
  }

  /**
   * The window has room again (a request sent after the episode's first 429 was accepted): what the
   * episode shows is read now, when the answers to the requests sent before it have come in.
   * - The first episode learns the window and the rate over it (the provisional rate is replaced).
   * - A later one that proves a longer window than the one learned (a per-minute limit first met just
   *   before its window reset) learns it again: the rate over it, if lower. When the run was paced for
   *   at least the old window since the last episode ended, only what was accepted since then is
   *   counted: a fixed window reset there, and counting across the reset would count two windows' worth.
   *   (A shorter stretch says too little: a token bucket refuses again at once.)
   * - A later one also checks the longer windows the run has been paced through since the first
   *   episode: a limit that refills slowly after a burst (a per-minute token bucket, which recovers
   *   within seconds and so looks like a short window at first) shows as a low count over a longer one.
   * The rate is only ever lowered here after the first episode (the 0.85 cut came with the 429).
   */
  private recovered(sentAt: number, now: number): void {
    const episode = this.episode!;
    this.episode = undefined;
    const previous = this.recoveredAt;
    this.recoveredAt = sentAt;
    const s0 = episode.start;
    const grown = learnWindow(episode, sentAt, this.windowMs, this.learnedWindowMs);
    const rateOver = (window: number, from = s0 - window) => (FIRST_CUT * this.acceptedIn(from, s0) * this.windowMs) / window;
    if (this.learnedWindowMs === undefined) {
      this.firstRecoveredAt = sentAt;
      this.learnedWindowMs = grown!;
      this.setPerWindow(rateOver(grown!), now);
      this.apply(now);
      return;
    }
    // Every usual window from the one learned up, that the run has been paced through since the first
    // episode ended (a longer one would count the first episode's unpaced start and its holds).
    let rate = this.perWindow!;
    let learned = this.learnedWindowMs;
    if (grown !== undefined && s0 - previous >= this.learnedWindowMs) rate = Math.min(rate, rateOver(grown, Math.max(s0 - grown, previous)));
    for (const window of usualWindows(this.windowMs)) {
      if (window < this.learnedWindowMs || (window > s0 - this.firstRecoveredAt && window !== grown)) continue;
      const over = rateOver(window);
      if (over < rate) {
        rate = over;
        learned = Math.max(learned, window);
      }
    }
    this.learnedWindowMs = Math.max(learned, grown ?? 0);
    if (rate < this.perWindow!) this.setPerWindow(rate, now);
    this.apply(now);
  }

  /** Accepted sends in (from, to]. */
  private acceptedIn(from: number, to: number): number {
    let n = 0;
    for (const t of this.accepted) if (t > from && t <= to) n++;
    return n;
  }

  private trim(now: number): void {
    while (this.accepted.length && this.accepted[0]! <= now - 2 * this.windowMs) this.accepted.shift();
  }

  /** Reads the room the headers report; returns the hold it imposes (0 when none). */
  private readHeaders(headers: Record<string, string>, sentAt: number, now: number, inFlight: number, headAtEpochMs: number): number {
    this.countPaces = false;
    if (this.headersDistrusted) return 0;
    const wallNow = Date.now();
    const room = readRateLimitRoom(headers, wallNow, headAtEpochMs > 0 ? headAtEpochMs : wallNow);
    if (!room) return 0;
    this.countPaces = room.remainingRequests !== undefined;
    let hold = 0;
    // Nothing left once the requests in flight have taken theirs: hold until the reset.
    const left = room.remainingRequests;
    if (left !== undefined && left - inFlight <= 0 && room.resetRequestsMs) hold = room.resetRequestsMs;
    if (room.remainingTokens === 0 && room.resetTokensMs) hold = Math.max(hold, room.resetTokensMs);
    if (hold <= 0) {
      // Room that moved: a request sent after the last hold began reports more than was left then. The
      // last answer of a batch (nothing in flight) needs no hold under a static count too, and is not room.
      if (sentAt > this.headersHeldFrom && (left === undefined || left > this.leftAtHold)) this.holdsInARow = 0;
      return 0;
    }
    // A reset beyond --max-retry-after (a daily or hourly quota at 0) is not imposed on the run, as a
    // Retry-After beyond it is not: its requests meet the server's answers instead.
    // (A second over: an epoch reset rounded up to whole seconds reads 60.25-60.75 s for an honest minute.)
    if (hold > this.maxHoldMs + 1_000) return 0;
    // Holds back to back, each begun after the last one ended, with no answer in between that needed
    // none: the count never moved, so the headers are not a count (a static "0 remaining"). The third is
    // ignored and so is every later one; 429s still pace. Answers that come in while a hold lasts (the
    // requests in flight when it began) are that same hold: express-rate-limit's headers, read by three
    // answers of one burst, were once distrusted on their first window. Short holds count as long ones
    // do: a static 0 with a reset of seconds would otherwise hold every request for ever. What this
    // costs: an honest limit at or under the concurrency, whose count never shows room beyond what was
    // left (as a limit of 1 a window does), is paced by its 429s instead.
    if (now >= this.headersHoldUntil) {
      if (++this.holdsInARow > 2) {
        this.headersDistrusted = true;
        this.countPaces = false;
        return 0;
      }
      this.headersHeldFrom = now;
      this.leftAtHold = left ?? 0;
    }
    hold = Math.min(hold, this.windowMs);
    this.bucket.pauseUntil(now + hold);
    this.headersHoldUntil = Math.max(this.headersHoldUntil, now + hold);
    this.byHeaders = true;
    if (this.episode) this.episode.serverTimed = true;
    return hold;
  }

  /** Sets the bucket to the AIMD rate (unpaced until the first 429). */
  private apply(now: number): void {
    if (this.perWindow === undefined) {
      // Held by the headers only: the rate is what the target let through over the last window.
      this.bound = this.byHeaders
        ? { source: 'headers', perMinute: (this.acceptedIn(now - this.windowMs, now) * 60_000) / this.windowMs }
        : { source: 'unpaced' };
      return;
    }
    this.bucket.setRate({ requests: this.perWindow, windowMs: this.windowMs }, { utilisation: 1, burst: BURST });
    const perMinute = (this.perWindow * 60_000) / this.windowMs;
    this.bound = this.learnedWindowMs === undefined ? { source: 'adaptive', perMinute } : { source: 'adaptive', perMinute, windowMs: this.learnedWindowMs };
  }
}
