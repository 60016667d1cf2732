/**
 * max_tokens and max_completion_tokens (one rule for both spellings): ask for a small limit L (the row's
 * `value`, default 5) next to the shared baseline, and read the signals in this order:
 *  1. finish_reason "length" → supported (decisive: the protocol's own word for a cut), unless usage says
 *     more than L completion tokens: the evidence contradicts itself → inconclusive, both sides shown.
 *  2. finish_reason "stop" with more than L words → ignored (decisive: a natural end past the limit).
 *  3. usage.completion_tokens, probe vs baseline: > L → ignored, ≤ L while the baseline went past L →
 *     supported (both heuristic: usage is the limit's unit, but a server's bookkeeping).
 *  4. words of the content (words ≤ tokens for common tokenizers): more than L → ignored (heuristic);
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
import { accounting, content, contradicted, fromSignals, protocol } from '../cases/evidence.js';
import type { Signal } from '../cases/types.js';

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

  const tokenSignal = tokens && accounting('usage.completion_tokens', tokens[0], tokens[1]);
  const finishSignal = finish !== undefined ? protocol('choices[0].finish_reason', finish) : undefined;
  const present = (signals: (Signal | undefined)[]) => signals.filter((x): x is Signal => x !== undefined);

  // finish_reason is the protocol's own word for "the limit cut the answer"; usage is the limit's unit but
  // a server's bookkeeping, so alone it never decides, and when it contradicts finish_reason: no verdict.
  if (finish === 'length' && tokens && tokens[0] > limit)
    return contradicted(
      { says: 'supported', signals: [finishSignal!] },
      { says: 'ignored', signals: [tokenSignal!] },
      { ...ev, completion_tokens: tokens, finish_reason: finish },
    );
  if (finish === 'length')
    return fromSignals({
      observed: 'supported',
      evidence: { ...ev, finish_reason: finish, words: words[0], ...(tokens ? { completion_tokens: tokens } : {}) },
      signals: present([finishSignal, tokenSignal]),
      note: tokens ? undefined : `finish_reason used: ${unusableWhy(io.profile, 'usage.completion_tokens')}`,
    });
  // A natural end ("stop") after more words than the limit (words ≤ tokens): the limit was not applied.
  if (finish === 'stop' && words[0] > limit)
    return fromSignals({
      observed: 'ignored',
      evidence: { ...ev, finish_reason: finish, words: words[0], ...(tokens ? { completion_tokens: tokens } : {}) },
      signals: present([finishSignal, content('words of choices[0].message.content', words[0], words[1]), tokenSignal]),
      note: `a natural end after ${words[0]} words with ${key} ${limit}`,
    });
  if (tokens) {
    const [got, natural] = tokens;
    // Usage alone: the limit's unit, but a server's bookkeeping (a gateway may count more than the text).
    if (got > limit)
      return fromSignals({
        observed: 'ignored',
        evidence: { ...ev, completion_tokens: tokens, finish_reason: finish ?? null, words: words[0] },
        signals: present([tokenSignal]),
        note: `completion_tokens ${got} with ${key} ${limit}, but the text has ${words[0]} words and no finish_reason says so`,
      });
    if (natural > limit)
      return fromSignals({
        observed: 'supported',
        evidence: { ...ev, completion_tokens: tokens, finish_reason: finish ?? null },
        signals: present([tokenSignal]),
      });
  }

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
  const wordSignal = content('words of choices[0].message.content', words[0], words[1]);
  if (words[0] > limit) return fromSignals({ observed: 'ignored', evidence: { ...ev, words }, signals: [wordSignal], note: why });
  if (words[1] > 3 * limit) return fromSignals({ observed: 'supported', evidence: { ...ev, words }, signals: [wordSignal], note: why });
  return fromSignals({
    observed: 'too short to tell',
    signals: [wordSignal],
    evidence: { ...ev, words, completion_tokens: tokens ?? null },
    verdict: 'inconclusive',
    note: `the baseline answer itself is about as short as ${key} ${limit}, so the limit has nothing to cut`,
  });
}

export const maxTokensProbe: Probe = { keys: ['request.max_tokens', 'request.max_completion_tokens'], observe };
