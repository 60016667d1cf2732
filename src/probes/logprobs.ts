/**
 * logprobs: ask for logprobs: true and read `choices[].logprobs.content` (protocol). Every choice with
 * text carries one logprob entry or more → supported, decisive only against the control: the shared
 * baseline, which does not ask for logprobs, must carry none (a target that returns logprobs on every
 * answer shows nothing about the field: unobservable). None carries any (null, absent, empty) → ignored,
 * decisive on its own (asked, and absent). A profile that declares choices[].logprobs always empty is, by
 * that declaration, ignoring it.
 * Requests: none of its own where the profile declares top_logprobs and not rejected: the probe reads
 * request.top_logprobs's answer (logprobs: true with top_logprobs K, shared), whose tokens are this field's
 * effect whatever the alternatives are (top_logprobs asks for them on top of the tokens, and a count of
 * alternatives is its own case's reading). Only that effect is read from it: an answer without tokens (or a
 * refusal, or no text) may be top_logprobs's doing (a server that drops logprobs when alternatives are asked),
 * so the probe then sends its own (logprobs alone), whose answer is the verdict. Where either field is in a
 * group of fields declared ignored (group-ignored.ts), its own request is the group's to answer, and the probe
 * sends its own. The choices[].logprobs response row reads the same answer (logprobsAnswer).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, notProbed, baselineAnswer, type Probed } from './send.js';
import { topLogprobsBody } from './top-logprobs.js';
import { fromSignals, protocol } from '../cases/evidence.js';

const LOGPROBS = 'choices[].logprobs.content (tokens)';

/**
 * The answer to logprobs: true, and which case's request it was: request.top_logprobs's where the profile
 * declares top_logprobs usable and this row asks for logprobs: true, else (or when that request is refused)
 * request.logprobs's own. Undefined when no probe value is known.
 */
export async function logprobsAnswer(io: CaseIO, row: FieldRow | undefined): Promise<{ probe: Probed; via: string } | undefined> {
  const own = probeBody(io, 'request', 'logprobs', row);
  if (!own) return undefined;
  const topRow = io.profile.request?.top_logprobs;
  // Not where either is in a group of fields declared ignored: each one's own request is its group's to answer.
  const grouped = io.ignoredGroup?.('request.logprobs') || io.ignoredGroup?.('request.top_logprobs');
  const shared = own.logprobs === true && topRow && topRow.status !== 'rejected' && !grouped ? topLogprobsBody(io, topRow) : undefined;
  if (shared) {
    const probe = await sendChat(io, shared, 'request.top_logprobs');
    // Only the effect itself is read from the shared answer: tokens on every choice with text. Anything else
    // (none, some, no text, a refusal) may be top_logprobs's doing, not this field's: its own request decides.
    if (showsLogprobs(probe)) return { probe, via: 'request.top_logprobs' };
  }
  return { probe: await sendChat(io, own, 'request.logprobs'), via: 'request.logprobs' };
}

/** Whether an answer carries logprob tokens on every choice with text (and has text). */
function showsLogprobs(probe: Probed): boolean {
  if (!probe.ok) return false;
  const withText = probe.view.choices.filter((c) => c.content.length > 0);
  return withText.length > 0 && withText.every((c) => (c.logprobTokens ?? 0) > 0);
}

async function observe(io: CaseIO, _key: string, row: FieldRow | undefined): Promise<Observation> {
  const answer = await logprobsAnswer(io, row);
  if (!answer) return notProbed('request.logprobs');
  const { probe, via } = answer;
  if (!probe.ok) return probe.observation;
  const withText = probe.view.choices.filter((c) => c.content.length > 0);
  const tokens = withText.map((c) => c.logprobTokens ?? 0);
  const evidence = { logprobs_tokens: tokens, chars: withText.map((c) => c.content.length), ...(via === 'request.logprobs' ? {} : { read_from: via }) };
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
