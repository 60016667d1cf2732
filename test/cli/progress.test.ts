/**
 * The progress line's time left: no estimate until the pace is measured over enough finished cases, and
 * the pace is measured from the first finished case (vitest's start-up and the shared baselines are not
 * counted as the cost of a case). Times are given, never measured.
 */
import { describe, it, expect } from 'vitest';
import { TimeLeft, progressText } from '../../src/cli/progress.js';

const at = (done: number, elapsedMs: number, total = 170) => ({ done, total, sent: done, ratePerMin: 0, elapsedMs });

describe('the time left', () => {
  it('the first case after a slow start-up does not make an absurd estimate (the ~971 s for a 15 s run)', () => {
    const t = new TimeLeft();
    // 5.7 s of start-up and baselines before the first case; then a case every 50 ms.
    expect(t.estimate(at(1, 5700))).toBeUndefined();
    expect(t.estimate(at(4, 5850))).toBeUndefined();
    const s = t.estimate(at(11, 6200));
    expect(s).toBeDefined();
    // 159 cases left at 50 ms each: 8 s, not 170 × 5.7 s.
    expect(s).toBe(8);
  });

  it('waits for a share of a long run before estimating', () => {
    const t = new TimeLeft();
    t.estimate(at(1, 1000, 1000));
    expect(t.estimate(at(30, 2000, 1000))).toBeUndefined();
    expect(t.estimate(at(51, 3000, 1000))).toBe(38);
  });

  it('nothing is estimated before a case finished, nor once none is left', () => {
    const t = new TimeLeft();
    expect(t.estimate(at(0, 3000))).toBeUndefined();
    t.estimate(at(1, 3000, 20));
    expect(t.estimate(at(20, 4000, 20))).toBeUndefined();
  });

  it('the line shows the estimate only when there is one', () => {
    expect(progressText(at(3, 100), undefined)).toBe('3/170 cases · 3 requests · 0/min');
    expect(progressText(at(30, 100), 12)).toBe('30/170 cases · 30 requests · 0/min · ~12 s left');
  });
});
