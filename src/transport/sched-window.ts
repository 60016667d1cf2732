/**
 * The window a limit nobody declared is counted in, read off one episode of bare 429s (sched-adaptive.ts).
 *
 * An episode begins with the first 429 (its request sent at `start`) and ends when a request sent after
 * it is accepted. A server that counts N per window W (sliding or fixed) and refused a request sent at
 * `start` has room again at most W later, since nothing it accepted before `start` is still counted by then.
 * So every request it still refused, sent at t, proves W > t − start: the last refusal before the first
 * acceptance is a lower bound on the window. It is not an upper bound (a per-minute fixed window met just
 * before its reset has room again at once), so the window taken is the smallest usual one at least that
 * long: 1 s, 10 s (Azure OpenAI counts per-minute limits over 1 s or 10 s), a minute; scaled with the
 * pacer's minute when a test shortens it. A window taken too short shows itself in a later episode, which
 * lasts longer than it could, and is learned again.
 */

/** The usual windows, as shares of the longest (a minute). */
const WINDOW_SHARES = [1 / 60, 1 / 6, 1];
/**
 * Slack on the lower bound: our send times are not the server's arrival times (a few ms apart on a
 * quiet machine, more on a loaded one), and a window is never taken longer than it must be for that.
 */
const CLOCK_SLACK = 1.1;

/** The usual windows, shortest first, for a longest window (the pacer's minute). */
export function usualWindows(longestMs: number): number[] {
  return WINDOW_SHARES.map((s) => s * longestMs);
}

export class RefusalEpisode {
  /** Send times of the requests refused in this episode, the first included. */
  private readonly refusedAt: number[] = [];
  /**
   * The server named the wait (Retry-After, or x-ratelimit-* with nothing left): the run was held for
   * it rather than probing, so no refusal marks how long the window stayed full. The wait is taken as
   * that time instead (the server says there is no room before it).
   */
  serverTimed = false;

  constructor(readonly start: number) {
    this.refusedAt.push(start);
  }

  refused(sentAt: number): void {
    this.refusedAt.push(sentAt);
  }

  /** How long after `start` the window was still full, as seen by the requests sent before `acceptedAt`. */
  fullFor(acceptedAt: number): number {
    let last = this.start;
    for (const t of this.refusedAt) if (t < acceptedAt && t > last) last = t;
    return (this.serverTimed && Number.isFinite(acceptedAt) ? acceptedAt : last) - this.start;
  }
}

/**
 * The window an episode that ended with a request sent at `acceptedAt` shows, when it is longer than
 * the one already learned (or none was); undefined when it teaches nothing new.
 */
export function learnWindow(episode: RefusalEpisode, acceptedAt: number, longestMs: number, learnedMs: number | undefined): number | undefined {
  const window = windowAtLeast(episode.fullFor(acceptedAt), longestMs);
  return learnedMs === undefined || window > learnedMs ? window : undefined;
}

/** The smallest usual window at least `ms` long (less the clock slack), the longest when none is. */
export function windowAtLeast(ms: number, longestMs: number): number {
  return usualWindows(longestMs).find((w) => w * CLOCK_SLACK >= ms) ?? longestMs;
}
