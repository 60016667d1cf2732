/**
 * max_tokens and max_completion_tokens (one rule for both spellings): ask for a small limit L (the row's
 * `value`, default 5) next to the shared baseline, and read the signals in this order:
 *  1. usage.completion_tokens, probe vs baseline: ≤ L while the baseline went past L → supported;
 *     > L → ignored (both decisive: the count is the limit's own unit).
 *  2. finish_reason: "length" → supported; "stop" with more than L words → ignored (decisive).
 *  3. words of the content (words ≤ tokens for common tokenizers): more than L → ignored (heuristic);
 *     at most L while the baseline has more than 3·L → supported (heuristic).
 * Usage is read only when the run's usage gate passes (gates.ts). A natural answer as short as the limit settles nothing: inconclusive. A signal the profile declares
 * empty (Parallel: usage and finish_reason) is skipped, and the note says which one was used.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, baselineAnswer, notProbed } from './send.js';
import { usagePair, usageCount, finishReason, unusableWhy } from './signals.js';
import { firstContent } from './completion.js';
import { wordCount } from './text.js';
import { runGates } from './gates.js';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  const limit = body?.[key];
  if (!body || typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) return notProbed(`request.${key}`);
  const [probe, base] = await Promise.all([sendChat(io, body, `request.${key}`), baselineAnswer(io)]);
  if (!probe.ok) return probe.observation;
  if (!base.ok) return base.observation;

  // Usage counts only where the run's usage gate says they carry information (a constant 9 is not a count).
  const gates = await runGates(io);
  const tokens = gates.usageUsable ? usagePair(io.profile, probe.view, base.view, 'completion_tokens') : undefined;
  const finish = finishReason(io.profile, probe.view.choices[0]);
  const words: [number, number] = [wordCount(firstContent(probe.view)), wordCount(firstContent(base.view))];
  const ev = { [key]: limit };

  if (tokens) {
    const [got, natural] = tokens;
    if (got > limit)
      return {
        observed: 'ignored',
        confidence: 'decisive',
        evidence: { ...ev, completion_tokens: tokens, finish_reason: finish ?? null },
        note: `completion_tokens ${got} with ${key} ${limit}`,
      };
    if (natural > limit)
      return { observed: 'supported', confidence: 'decisive', evidence: { ...ev, completion_tokens: tokens, finish_reason: finish ?? null } };
  }
  if (finish === 'length')
    return {
      observed: 'supported',
      confidence: 'decisive',
      evidence: { ...ev, finish_reason: finish, words: words[0] },
      note: tokens ? undefined : `finish_reason used: ${unusableWhy(io.profile, 'usage.completion_tokens')}`,
    };
  if (finish === 'stop' && words[0] > limit)
    return {
      observed: 'ignored',
      confidence: 'decisive',
      evidence: { ...ev, finish_reason: finish, words: words[0] },
      note: `a natural end after ${words[0]} words with ${key} ${limit}`,
    };

  // No protocol signal settled it: say which were unusable, then compare words of the content.
  const unusable = [
    !gates.usageUsable
      ? gates.usageWhy
      : usageCount(io.profile, probe.view, 'completion_tokens') === undefined
        ? unusableWhy(io.profile, 'usage.completion_tokens')
        : undefined,
    finish === undefined ? unusableWhy(io.profile, 'choices[].finish_reason') : undefined,
  ].filter(Boolean);
  const why = `${unusable.join('; ') || 'usage and finish_reason settled nothing'}, so words of the content are compared (words ≤ tokens)`;
  if (words[0] > limit) return { observed: 'ignored', confidence: 'heuristic', evidence: { ...ev, words }, note: why };
  if (words[1] > 3 * limit) return { observed: 'supported', confidence: 'heuristic', evidence: { ...ev, words }, note: why };
  return {
    observed: 'too short to tell',
    confidence: 'heuristic',
    evidence: { ...ev, words, completion_tokens: tokens ?? null },
    verdict: 'inconclusive',
    note: `the baseline answer itself is about as short as ${key} ${limit}, so the limit has nothing to cut`,
  };
}

export const maxTokensProbe: Probe = { keys: ['request.max_tokens', 'request.max_completion_tokens'], observe };
