/**
 * top_logprobs: ask for logprobs: true with top_logprobs K (default 2) and count the alternatives of each
 * token in `choices[0].logprobs.content[].top_logprobs`. Decisive either way:
 *  - every token has 1..K alternatives and some have exactly K → supported;
 *  - no token has any (or no logprobs at all: a client gets no alternatives) → ignored;
 *  - a token with more than K, or none with K → broken; unless the baseline, which asks for no logprobs,
 *    carries the same alternatives (a mock's example logprobs on every answer): then no effect → ignored
 *    (controlled by the baseline).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, notProbed, baselineAnswer, type Body } from './send.js';
import { fromSignals, protocol } from '../cases/evidence.js';

/**
 * The body request.top_logprobs sends, or undefined when its row gives no count of 1 or more. top_logprobs only
 * works with logprobs: true (wire-format.md 1.3), so the probe always sends both; request.logprobs and the
 * choices[].logprobs response row read the same answer (logprobs.ts).
 */
export function topLogprobsBody(io: CaseIO, row: FieldRow | undefined): Body | undefined {
  const body = probeBody(io, 'request', 'top_logprobs', row);
  const k = body?.top_logprobs;
  if (!body || typeof k !== 'number' || !Number.isInteger(k) || k < 1) return undefined;
  return { ...body, logprobs: true };
}

const ALTERNATIVES = 'choices[0].logprobs.content[].top_logprobs (alternatives)';

/** The fewest and most alternatives of a token (a loop, not Math.min(...counts): a million tokens must not overflow the stack). */
const rangeOf = (counts: number[]): [number, number] =>
  counts.reduce<[number, number]>(([lo, hi], n) => [Math.min(lo, n), Math.max(hi, n)], [counts.length ? Infinity : 0, 0]);

async function observe(io: CaseIO, _key: string, row: FieldRow | undefined): Promise<Observation> {
  const sent = topLogprobsBody(io, row);
  if (!sent) return notProbed('request.top_logprobs (a value of 1 or more)');
  const k = sent.top_logprobs as number;
  const probe = await sendChat(io, sent, 'request.top_logprobs');
  if (!probe.ok) return probe.observation;
  const c = probe.view.choices[0];
  const counts = c?.topLogprobs ?? [];
  const [min, max] = rangeOf(counts);
  const evidence = { top_logprobs: k, tokens: c?.logprobTokens ?? null, alternatives_min: min, alternatives_max: max };
  // Alternatives are only ever there when asked for: K stands on its own (no control needed); a count that is
  // not K is read against the baseline below.
  const signals = [protocol(ALTERNATIVES, { min, max, tokens: counts.length })];
  if (!counts.length || counts.every((n) => n === 0)) {
    return fromSignals({
      observed: 'ignored',
      evidence,
      signals,
      note: c?.logprobTokens == null ? 'no logprobs returned at all, so no alternatives' : `${k} alternatives asked, every token has 0`,
    });
  }
  if (counts.every((n) => n >= 1) && counts.includes(k) && !counts.some((n) => n > k)) return fromSignals({ observed: 'supported', evidence, signals });
  // Not K: the control is the baseline, which asks for no logprobs. Carrying the very same alternatives (a mock
  // that puts its example's logprobs on every answer), the count is not top_logprobs's doing: no effect.
  const base = await baselineAnswer(io);
  const baseCounts = base.ok ? (base.view.choices[0]?.topLogprobs ?? []) : [];
  if (baseCounts.length && rangeOf(baseCounts).join() === [min, max].join()) {
    return fromSignals({
      observed: 'ignored',
      evidence: { ...evidence, baseline_alternatives: rangeOf(baseCounts) },
      signals: [protocol(ALTERNATIVES, { min, max, tokens: counts.length }, { value: { min, max, tokens: baseCounts.length }, isolates: true })],
      note: `${k} alternatives asked; tokens carry between ${min} and ${max}, as on the baseline, which asks for no logprobs: top_logprobs had no effect`,
    });
  }
  if (counts.some((n) => n > k))
    return fromSignals({ observed: 'broken', evidence, signals, note: `${k} alternatives asked, some tokens have ${evidence.alternatives_max}` });
  return fromSignals({
    observed: 'broken',
    evidence,
    signals,
    note: `${k} alternatives asked; tokens carry between ${evidence.alternatives_min} and ${evidence.alternatives_max}`,
  });
}

export const topLogprobsProbe: Probe = { keys: ['request.top_logprobs'], observe };
