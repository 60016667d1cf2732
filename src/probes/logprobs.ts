/**
 * logprobs: ask for logprobs: true and read `choices[].logprobs.content` (protocol). Every choice with
 * text carries one logprob entry or more → supported, decisive only against the control: the shared
 * baseline, which does not ask for logprobs, must carry none (a target that returns logprobs on every
 * answer shows nothing about the field: unobservable). None carries any (null, absent, empty) → ignored,
 * decisive on its own (asked, and absent). A profile that declares choices[].logprobs always empty is, by
 * that declaration, ignoring it.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, notProbed, baselineAnswer } from './send.js';
import { fromSignals, protocol } from '../cases/evidence.js';

const LOGPROBS = 'choices[].logprobs.content (tokens)';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  if (!body) return notProbed('request.logprobs');
  const probe = await sendChat(io, body, 'request.logprobs');
  if (!probe.ok) return probe.observation;
  const withText = probe.view.choices.filter((c) => c.content.length > 0);
  const tokens = withText.map((c) => c.logprobTokens ?? 0);
  const evidence = { logprobs_tokens: tokens, chars: withText.map((c) => c.content.length) };
  if (!withText.length) return { observed: 'no text', evidence, verdict: 'inconclusive', note: 'the answer has no text to carry logprobs' };
  if (tokens.every((t) => t > 0)) {
    const base = await baselineAnswer(io);
    if (!base.ok) return base.observation;
    const control = base.view.choices.map((c) => c.logprobTokens ?? 0);
    const isolates = control.every((t) => t === 0);
    const signals = [protocol(LOGPROBS, tokens, { value: control, isolates })];
    return isolates
      ? fromSignals({ observed: 'supported', evidence, signals })
      : fromSignals({
          observed: 'accepted',
          evidence: { ...evidence, baseline_logprobs_tokens: control },
          signals,
          verdict: 'skip',
          note: "the baseline, which does not ask for logprobs, carries them too, so the field's effect is not isolated",
        });
  }
  if (tokens.every((t) => t === 0))
    return fromSignals({
      observed: 'ignored',
      evidence,
      signals: [protocol(LOGPROBS, tokens)],
      note: 'logprobs asked, choices[].logprobs.content is null or empty',
    });
  return fromSignals({ observed: 'broken', evidence, signals: [protocol(LOGPROBS, tokens)], note: 'some choices carry logprobs, others none' });
}

export const logprobsProbe: Probe = { keys: ['request.logprobs'], observe };
