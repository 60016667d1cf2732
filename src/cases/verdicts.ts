/** Small helpers every judge uses, so the wording of verdicts is uniform. */
import type { Judgement, Observation, Signal } from './types.js';
import { describeSignals, isRateLimitSignal, observationConfidence, STATUS_SIGNAL } from './evidence.js';

export const pass = (message: string): Judgement => ({ verdict: 'pass', message });
export const fail = (message: string): Judgement => ({ verdict: 'fail', message });
export const skip = (message: string): Judgement => ({ verdict: 'skip', message });
export const inconclusive = (message: string): Judgement => ({ verdict: 'inconclusive', message });

/** An observation that settled nothing: its own verdict stands whatever was declared. */
export function settledByObservation(obs: Observation): Judgement | undefined {
  if (obs.verdict === 'inconclusive') return inconclusive(obs.note ?? `${obs.observed}: did not settle`);
  if (obs.verdict === 'skip') return skip(obs.note ?? obs.observed);
  return undefined;
}

/**
 * Did the answer the observation judged come back 429? A 429 is the rate limiter speaking, never the
 * answer to the field, the path or the header under test. Read from the signals, and, for observations
 * that predate them, from the `status` they report.
 */
export function isRateLimited(obs: Observation): boolean {
  if (obs.signals?.some(isRateLimitSignal)) return true;
  return obs.evidence?.status === 429 || obs.facts?.status === 429;
}

/**
 * The 429s among the answers an observation read, as status signals, so the guard sees them. Only the 429s:
 * a 2xx status says nothing about the rule or field under test, and as a protocol signal it would make any
 * observation decisive (what decides is recorded by the observation itself).
 */
export function statusSignals(exchanges: readonly { response?: { status: number } }[]): Signal[] {
  return exchanges.filter((ex) => ex.response?.status === 429).map(() => ({ kind: 'protocol', name: STATUS_SIGNAL, value: 429 }));
}

/** The one observation every area makes of a 429 answer: inconclusive, "rate-limited". */
export function rateLimitedObservation(what: string, evidence: Record<string, unknown> = {}): Observation {
  return {
    observed: 'rate-limited',
    evidence: { status: 429, ...evidence },
    signals: [{ kind: 'protocol', name: STATUS_SIGNAL, value: 429 }],
    verdict: 'inconclusive',
    note: `rate-limited (429) after the scheduler's retries: ${what} was not answered`,
  };
}

/** The confidence of a verdict: from the observation's signals and those the judgement says it rests on. */
function judgedConfidence(obs: Observation, j: Judgement): ReturnType<typeof observationConfidence> {
  return observationConfidence(j.signals?.length ? { ...obs, signals: [...(obs.signals ?? []), ...j.signals] } : obs);
}

/**
 * The central guard every judgement goes through (RunContext's judgeSafely), for the target's profile and
 * for OpenAI parity alike. A failure must rest on decisive evidence:
 * - a failure of an answer that was a 429 is the rate limiter's, not the field's: inconclusive;
 * - a failure on heuristic evidence (usage counts, text) is a heuristic deviation: inconclusive, with the
 *   numbers, so it shows as a warning and never as a failure;
 * - a pass on an observation that saw nothing (`unobservable`) is a skip.
 * Performance claims are measurements against a declared number, not inferences: they keep their verdict.
 */
export function guardJudgement(obs: Observation, j: Judgement, area?: string): Judgement {
  const confidence = judgedConfidence(obs, j);
  // What could not be observed is never a pass, whatever a judge concluded from it.
  if (j.verdict === 'pass' && confidence === 'unobservable') return skip(`unobservable, so not a pass: ${j.message}`);
  if (j.verdict !== 'fail') return j;
  if (isRateLimited(obs)) return inconclusive(`rate-limited (429): the answer under test was not seen (${j.message})`);
  // `unobservable` observations fail only on what is plainly seen (a 2xx for a field declared rejected);
  // the effect they could not see is never the reason.
  if (area === 'performance' || confidence !== 'heuristic') return j;
  const numbers = describeSignals(obs.signals) || JSON.stringify(obs.evidence);
  return inconclusive(`heuristic deviation, not a failure (${confidence} evidence: ${numbers}): ${j.message}`);
}
