/** Small helpers every judge uses, so the wording of verdicts is uniform. */
import type { Judgement, Observation } from './types.js';

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
