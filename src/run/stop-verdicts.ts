/**
 * After a run stopped because the target stopped answering, a case judged before the breaker tripped
 * may have read one of the very timeouts that tripped it as its observation. An exchange with no HTTP
 * answer is no evidence about the API once the target is known to have gone silent: such a case is
 * re-labelled inconclusive (a pass or skip stands; only verdicts that rest on the missing answer move).
 */
import type { CaseResult, ExchangeRecord } from '../results/results.types.js';
import type { StopReason } from '../transport/sched-guard.js';

export function settleAfterStop(cases: CaseResult[], exchanges: Map<string, ExchangeRecord>, stop: StopReason): number {
  let changed = 0;
  for (const c of cases) {
    if (c.verdict !== 'fail') continue;
    const unanswered = (c.exchanges ?? []).some((id) => {
      const x = exchanges.get(id);
      return x !== undefined && !x.response;
    });
    if (!unanswered) continue;
    c.verdict = 'inconclusive';
    c.confidence = 'unobservable';
    c.message = `${stop.message} (this case's request got no HTTP answer)`;
    if (c.parity?.verdict === 'fail') c.parity = { ...c.parity, verdict: 'inconclusive', message: c.message };
    changed++;
  }
  return changed;
}
