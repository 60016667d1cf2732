/**
 * The bounds of a run as a whole, which no single request's timeout gives: a circuit breaker (a target
 * that stopped answering ends the run instead of costing a timeout per request), a deadline, and an
 * outside stop (Ctrl-C, forwarded by the CLI). Once stopped, nothing more is sent: the scheduler refuses
 * every request with a RunStoppedError, in-flight requests are aborted through `signal`, and the cases
 * that meet it are `inconclusive` (what could not be observed is never a failure).
 */
import type { Exchange } from './types.js';

export type StopKind = 'unresponsive' | 'deadline' | 'interrupted';

export interface StopReason {
  kind: StopKind;
  message: string;
}

/** Consecutive requests with no usable answer that trip the breaker. */
export const DEFAULT_TRIP_AFTER = 5;

export class RunStoppedError extends Error {
  override readonly name = 'RunStoppedError';
  constructor(readonly reason: StopReason) {
    super(reason.message);
  }
}

export interface RunGuardOptions {
  /** Trip after this many consecutive unusable answers (default 5; 0: never). */
  tripAfter?: number;
  /** Epoch ms after which nothing more is sent (`--deadline`). */
  deadlineAt?: number;
}

export class RunGuard {
  private readonly abort = new AbortController();
  private consecutive = 0;
  private lastFailure = '';
  private reason: StopReason | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly tripAfter: number;

  constructor(opts: RunGuardOptions = {}) {
    this.tripAfter = opts.tripAfter ?? DEFAULT_TRIP_AFTER;
    if (opts.deadlineAt !== undefined) {
      const left = opts.deadlineAt - Date.now();
      const stop = () => this.stop({ kind: 'deadline', message: `not reached: the run's deadline passed (${new Date(opts.deadlineAt!).toISOString()})` });
      if (left <= 0) stop();
      // unref: a pending deadline must not keep a finished run alive.
      else this.timer = setTimeout(stop, left).unref();
    }
  }

  /** Aborted when the run stops: the transport ties every in-flight request to it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get stopped(): StopReason | undefined {
    return this.reason;
  }

  /** Throws RunStoppedError once the run is stopped (called before anything is sent or waited for). */
  check(): void {
    if (this.reason) throw new RunStoppedError(this.reason);
  }

  /** Resolves when the run stops; waits (a slot, a token, a Retry-After) race against it. */
  readonly whenStopped: Promise<StopReason> = new Promise((resolve) => {
    this.abort.signal.addEventListener('abort', () => resolve(this.reason!), { once: true });
  });

  /** The run is over: its deadline timer goes (a configuration's next target runs in the same thread). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort(new RunStoppedError(reason));
  }

  /**
   * One request's final answer (after retries). Unusable: no HTTP response at all (timeout, reset,
   * refusal), or a 429/503 the scheduler gave up retrying. Anything else, an error status included, is
   * an answer and resets the count. An answer aborted by the stop itself is not counted.
   */
  record(ex: Exchange, unusable: boolean): void {
    if (this.reason) return;
    if (!unusable) {
      this.consecutive = 0;
      return;
    }
    this.consecutive++;
    this.lastFailure = ex.error?.message ?? (ex.response ? `HTTP ${ex.response.status}` : 'no answer');
    if (this.tripAfter > 0 && this.consecutive >= this.tripAfter) {
      this.stop({
        kind: 'unresponsive',
        message: `the target stopped answering: ${this.consecutive} requests in a row got no usable answer (last: ${this.lastFailure})`,
      });
    }
  }

  /** Races a wait against the stop: rejects with RunStoppedError as soon as the run stops. */
  async race<T>(wait: Promise<T>): Promise<T> {
    this.check();
    return Promise.race([wait, this.whenStopped.then((r) => Promise.reject(new RunStoppedError(r)))]);
  }
}
