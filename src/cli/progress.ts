/**
 * The live progress line of a run on a terminal, and its estimate of the time left.
 *
 * Why the estimate waits: the first case finishes after vitest's start-up and after the shared baselines
 * every area reads, so "elapsed ÷ done × left" from the first case said ~971 s for a 15 s run. The pace
 * is measured from the first finished case on, and no estimate is shown until enough cases have
 * finished after it for the pace to mean something.
 */
import type { Progress } from '../run/reporter.js';

/** Cases finished after the first one before an estimate is shown (and at least this share of the run). */
const MIN_CASES_FOR_ESTIMATE = 5;
const MIN_SHARE_FOR_ESTIMATE = 0.05;

export class TimeLeft {
  private first: { done: number; elapsedMs: number } | undefined;

  /** Seconds left, or undefined while the pace is not known yet (or when nothing is left). */
  estimate(p: Progress): number | undefined {
    if (!p.done) return undefined;
    this.first ??= { done: p.done, elapsedMs: p.elapsedMs };
    const since = p.done - this.first.done;
    const left = p.total - p.done;
    if (left <= 0 || since < Math.max(MIN_CASES_FOR_ESTIMATE, Math.ceil(p.total * MIN_SHARE_FOR_ESTIMATE))) return undefined;
    const msPerCase = (p.elapsedMs - this.first.elapsedMs) / since;
    return Math.ceil((msPerCase * left) / 1000);
  }
}

/** The text of the progress line: cases done, requests sent, rate, and the time left once it is known. */
export function progressText(p: Progress, secondsLeft: number | undefined): string {
  const left = secondsLeft === undefined ? '' : ` · ~${secondsLeft} s left`;
  return `${p.done}/${p.total} cases · ${p.sent} requests · ${Math.round(p.ratePerMin)}/min${left}`;
}

/** A writer of the progress line on stderr (redrawn in place), with its own estimator. */
export function progressLine(): (p: Progress) => void {
  const timeLeft = new TimeLeft();
  return (p) => process.stderr.write(`\r\x1b[K${progressText(p, timeLeft.estimate(p))}`);
}
