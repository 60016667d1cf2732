/**
 * The scheduler wraps the transport's `send` and decides when (and whether) a request goes out:
 * request sharing, a hard budget, a concurrency limit, pacing under the target's rate limit, and
 * retries of 429 / 503 / connection resets that honour Retry-After. It never touches the network itself.
 *
 * Order per attempt: budget check → concurrency slot → rate token → send → the pacer reads the answer →
 * slot released. The slot is taken before the token so that a token is spent only at the moment of
 * sending (tokens taken early and sent later would bunch up and break the pacing), and released after the
 * pacer has read the answer, so a 429's hold is in place before the next request can take a token.
 * Slots are released while a retry waits.
 *
 * With a declared limit the bucket paces at it; with none and `adaptive` on (real targets), the
 * adaptive pacer (sched-adaptive.ts) learns the limit from the answers and steers the bucket.
 */
import type { Exchange, OutgoingRequest } from './types.js';
import type { Send } from './http.js';
import { TokenBucket, type RateLimit } from './ratelimit.js';
import { AdaptivePacer, type LearnedRate } from './sched-adaptive.js';
import { Semaphore } from './sched-semaphore.js';
import { retryDelay, retryReason } from './sched-retry.js';
import { describeRequest, requestKey } from './sched-key.js';
import { dryRunEntry, dryRunExchange, type DryRunEntry } from './sched-dryrun.js';
import type { RunGuard } from './sched-guard.js';

// One definition of `send` for the whole transport (http.ts); re-exported for this module's callers.
export type { Send } from './http.js';

export interface SchedulerOptions {
  send: Send;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** The target's limit (profile `limits.requestsPerMinute` or `--rpm`, as `perMinute(n)`); none: no pacing. */
  rateLimit?: RateLimit;
  /** Fraction of the limit to pace at (default `defaultUtilisation`: 0.98 of a minute's window). */
  utilisation?: number;
  /**
   * Without `rateLimit`: learn the target's limit from its answers (429s, rate-limit headers) and pace
   * by it (sched-adaptive.ts). Off: unpaced (the emulator).
   */
  adaptive?: boolean;
  /** The window the adaptive pacer assumes a limit is counted in (default a minute; tests scale it). */
  adaptiveWindowMs?: number;
  /** Tokens available at once (default: `safeBurst`, small enough that a sliding window is never exceeded). */
  burst?: number;
  /** Retries per request (default 3; under adaptive pacing a 429 gets at least `ADAPTIVE_429_RETRIES`). */
  maxRetries?: number;
  /** Total wait across one request's retries (default 60 s); a Retry-After beyond it ends retrying. */
  maxRetryWaitMs?: number;
  /** Hard cap on requests put on the wire, retries included. */
  maxRequests?: number;
  /** Answer identical requests from one exchange (default true). */
  share?: boolean;
  /** Send nothing: record what would be sent and answer with synthetic exchanges. */
  dryRun?: boolean;
  onProgress?: (p: SchedulerProgress) => void;
  /**
   * The run's bounds (breaker, deadline, outside stop): checked before every attempt and raced against
   * every wait; told every final answer. None: the scheduler bounds single requests only.
   */
  guard?: RunGuard;
  /** Source of jitter (default Math.random). */
  random?: () => number;
}

export interface SchedulerStats {
  /** Requests put on the wire, retries included. */
  sent: number;
  /** Of those, retries. */
  retried: number;
  /** 429 responses seen (each attempt). */
  rateLimited: number;
  /** Requests whose final answer had no HTTP response (connect error, reset, timeout). */
  failed: number;
  /** Calls answered by an identical earlier request. */
  shared: number;
  /** Requests (first attempts or retries) refused by the budget. */
  skippedByBudget: number;
}

export interface SchedulerProgress extends SchedulerStats {
  event: 'start' | 'finish' | 'retry' | 'share' | 'skip';
  /** Attempts on the wire now. */
  inFlight: number;
  /** Requests accepted and not yet answered nor in flight (waiting for a slot, a token or a retry). */
  queued: number;
  /** Requests settled: answered, or refused by the budget once accepted (at the moment of sending, or on a retry); shared calls not included. */
  done: number;
  /** Requests sent over the last minute (or since the first send, if sooner), per minute. */
  ratePerMin: number;
  /** What the bucket paces at; undefined without a rate limit. */
  pacedPerMin?: number;
  /** Ms until a 429 pause ends (0 when not paused). */
  pausedForMs: number;
  elapsedMs: number;
}

export interface Scheduler {
  send: Send;
  stats(): SchedulerStats;
  /** The rate paced at and how it was found (declared, from headers, adaptive, or unpaced). */
  pacing(): LearnedRate;
  /** Dry run: the requests that would have been sent, in call order. */
  planned(): DryRunEntry[];
  /**
   * Why the scheduler stopped retrying an answer that asked to be retried (a 429 or 503), when it gave
   * up for a reason of its own (Retry-After beyond the cap, retries exhausted); undefined otherwise.
   */
  gaveUp(ex: Exchange): string | undefined;
}

/** Thrown (the promise rejects) when a request would exceed `maxRequests`; cases skip with its message. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(
    readonly maxRequests: number,
    readonly request: { method: string; path: string; purpose?: string },
    /** For a refused retry: the answer that asked for it (a 429, a 503, a reset). */
    readonly lastExchange?: Exchange,
  ) {
    super(`request budget of ${maxRequests} exhausted: ${lastExchange ? 'retry of ' : ''}${describeRequest(request)} not sent`);
  }
}

/**
 * Under adaptive pacing a 429 is the pacer's signal, expected while it learns: its request is retried
 * this many times when --retries was not given (a number the user chose is kept). Refused requests queue behind the others, so
 * one request rarely meets more than two; --max-retry-after still bounds the wait.
 */
export const ADAPTIVE_429_RETRIES = 8;

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const inner = opts.send;
  const maxRetries = opts.maxRetries ?? 3;
  const maxRetryWaitMs = opts.maxRetryWaitMs ?? 60_000;
  const maxRequests = opts.maxRequests ?? Infinity;
  const share = opts.share ?? true;
  const random = opts.random ?? Math.random;
  const slots = new Semaphore(opts.concurrency ?? 4);
  const bucket = new TokenBucket({ limit: opts.rateLimit, utilisation: opts.utilisation, burst: opts.burst });
  const pacer =
    !opts.rateLimit && opts.adaptive ? new AdaptivePacer({ bucket, windowMs: opts.adaptiveWindowMs, random, maxHoldMs: maxRetryWaitMs }) : undefined;
  // A number the user chose (--retries) is kept as it is: only the default grows while the pacer learns.
  const max429Retries = pacer && maxRetries > 0 && opts.maxRetries === undefined ? Math.max(maxRetries, ADAPTIVE_429_RETRIES) : maxRetries;

  const stats: SchedulerStats = { sent: 0, retried: 0, rateLimited: 0, failed: 0, shared: 0, skippedByBudget: 0 };
  const answers = new Map<string, Promise<Exchange>>();
  const plan: DryRunEntry[] = [];
  const gaveUp = new WeakMap<Exchange, string>();
  const guard = opts.guard;
  // A wait (slot, token, retry sleep) ends early when the run stops; without a guard it is the wait itself.
  const bounded = <T>(wait: Promise<T>): Promise<T> => (guard ? guard.race(wait) : wait);
  const startedAt = performance.now();
  const sendTimes: number[] = []; // send times of the last minute, for the progress rate (kept only with a hook)
  let inFlight = 0;
  let pending = 0; // accepted, not yet answered
  let done = 0;

  function ratePerMin(now: number): number {
    while (sendTimes.length && sendTimes[0]! < now - 60_000) sendTimes.shift();
    if (!sendTimes.length) return 0;
    const span = Math.max(now - Math.max(now - 60_000, sendTimes[0]!), 1_000);
    return (sendTimes.length * 60_000) / span;
  }

  function progress(event: SchedulerProgress['event']): void {
    if (!opts.onProgress) return;
    const now = performance.now();
    try {
      opts.onProgress({
        event,
        ...stats,
        inFlight,
        queued: pending - inFlight,
        done,
        ratePerMin: ratePerMin(now),
        pacedPerMin: bucket.pacedPerMinute,
        pausedForMs: bucket.pausedForMs(),
        elapsedMs: now - startedAt,
      });
    } catch {
      // Progress is cosmetic (a terminal line); a broken hook must not fail a request.
    }
  }

  function refuse(req: OutgoingRequest, last?: Exchange): never {
    stats.skippedByBudget++;
    progress('skip');
    throw new BudgetExceededError(maxRequests, { method: req.method, path: req.path, purpose: req.purpose }, last);
  }

  async function attempt(req: OutgoingRequest, last: Exchange | undefined): Promise<{ ex: Exchange; heldMs: number | undefined }> {
    const slot = slots.acquire();
    try {
      await bounded(slot);
    } catch (e) {
      // The run stopped while this request queued: the slot, once handed over, goes straight back.
      void slot.then(() => slots.release());
      throw e;
    }
    try {
      // A token granted after the stop is simply unused: the bucket only paces, nothing is owed.
      await bounded(bucket.take());
      guard?.check();
      // Checked again at the moment of sending: concurrent requests may have used the budget meanwhile.
      if (stats.sent >= maxRequests) refuse(req, last);
      stats.sent++;
      if (last) stats.retried++;
      inFlight++;
      const sentAt = performance.now();
      if (opts.onProgress) sendTimes.push(sentAt);
      progress('start');
      let ex: Exchange;
      try {
        ex = await inner(req);
      } finally {
        inFlight--;
      }
      // The pacer reads every answer (429s, rate-limit headers) and holds the bucket itself, before the
      // slot is handed on: the request waiting for it must meet the hold, not take a token first.
      return { ex, heldMs: pacer?.observe(sentAt, ex, inFlight) };
    } finally {
      slots.release();
    }
  }

  async function execute(req: OutgoingRequest): Promise<Exchange> {
    guard?.check();
    if (stats.sent >= maxRequests) refuse(req);
    pending++;
    let retries = 0;
    let waitedMs = 0;
    let ex: Exchange | undefined;
    let why: string | undefined;
    try {
      for (;;) {
        const sent = await attempt(req, ex);
        ex = sent.ex;
        if (ex.response?.status === 429) stats.rateLimited++;
        const heldMs = sent.heldMs;
        const reason = retryReason(ex);
        if (!reason) break;
        const d = retryDelay(ex, retries, random);
        if (reason === 'rate-limited' && heldMs !== undefined && !d.serverAsked) {
          // No Retry-After: the wait is the pacer's backoff (the bucket already holds every request).
          d.baseMs = heldMs;
          d.delayMs = heldMs;
        } else if (reason === 'rate-limited' && d.baseMs <= maxRetryWaitMs) {
          // The window is full for everyone: hold the whole bucket, whether or not this request retries.
          // A wait beyond the cap is not imposed on the run (a quota-style 429 would stall it for minutes);
          // the requests that meet the same 429 return it quickly instead.
          bucket.pauseUntil(performance.now() + d.delayMs);
        }
        if (retries >= (reason === 'rate-limited' ? max429Retries : maxRetries)) {
          if (maxRetries > 0) why = `still ${describeAnswer(ex)} after ${retries} retr${retries === 1 ? 'y' : 'ies'}`;
          break;
        }
        const left = maxRetryWaitMs - waitedMs;
        if (d.baseMs > left) {
          // The server asks for more than we will wait: its answer stands, and the case cannot see past it.
          why = `${describeAnswer(ex)} asking to wait ${Math.round(d.baseMs / 1000)} s, beyond the retry wait cap of ${Math.round(maxRetryWaitMs / 1000)} s (--max-retry-after)`;
          break;
        }
        const delay = Math.min(d.delayMs, left);
        waitedMs += delay;
        retries++;
        progress('retry');
        // A 429's retry waits in the paused bucket with everyone else; the others wait on their own.
        // unref: a retry's wait must not outlive a stopped run (the runner keeps the thread alive meanwhile).
        if (reason !== 'rate-limited') await bounded(new Promise((r) => setTimeout(r, delay).unref()));
      }
      if (!ex.response) stats.failed++;
      // A replayed exchange keeps the retry count it was recorded with.
      const final = ex.replayed ? ex : { ...ex, retries };
      if (why) gaveUp.set(final, why);
      // Aborted by the stop itself: not evidence about the target.
      if (!guard?.stopped) guard?.record(final, !final.response || why !== undefined);
      return final;
    } finally {
      pending--;
      done++;
      progress('finish');
    }
  }

  function planOnly(req: OutgoingRequest): Promise<Exchange> {
    if (plan.length >= maxRequests) {
      try {
        refuse(req);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    plan.push(dryRunEntry(req));
    return Promise.resolve(dryRunExchange(req));
  }

  const send: Send = (req) => {
    const key = share && !req.fresh ? requestKey(req) : undefined;
    if (key !== undefined) {
      const known = answers.get(key);
      if (known) {
        stats.shared++;
        progress('share');
        return known;
      }
    }
    const answer = opts.dryRun ? planOnly(req) : execute(req);
    if (key !== undefined) answers.set(key, answer);
    return answer;
  };

  const pacing = (): LearnedRate => {
    const p: LearnedRate = opts.rateLimit
      ? { source: 'declared', perMinute: (opts.rateLimit.requests * 60_000) / opts.rateLimit.windowMs }
      : (pacer?.learned() ?? { source: 'unpaced' });
    return p.perMinute === undefined ? { source: p.source } : { source: p.source, perMinute: Math.round(p.perMinute * 10) / 10 };
  };

  return { send, stats: () => ({ ...stats }), pacing, planned: () => [...plan], gaveUp: (ex) => gaveUp.get(ex) };
}

function describeAnswer(ex: Exchange): string {
  return ex.response ? `HTTP ${ex.response.status}` : (ex.error?.message ?? 'no answer');
}
