/**
 * logprobs: ask for logprobs: true and read `choices[].logprobs.content`. Decisive either way: every
 * choice with text carries one logprob entry or more → supported; none carries any (null, absent, empty)
 * → ignored. A profile that declares choices[].logprobs always empty is, by that declaration, ignoring it.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, notProbed } from './send.js';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  if (!body) return notProbed('request.logprobs');
  const probe = await sendChat(io, body, 'request.logprobs');
  if (!probe.ok) return probe.observation;
  const withText = probe.view.choices.filter((c) => c.content.length > 0);
  const tokens = withText.map((c) => c.logprobTokens ?? 0);
  const evidence = { logprobs_tokens: tokens, chars: withText.map((c) => c.content.length) };
  if (!withText.length) return { observed: 'no text', confidence: 'unobservable', evidence, verdict: 'inconclusive', note: 'the answer has no text to carry logprobs' };
  if (tokens.every((t) => t > 0)) return { observed: 'supported', confidence: 'decisive', evidence };
  if (tokens.every((t) => t === 0)) return { observed: 'ignored', confidence: 'decisive', evidence, note: 'logprobs asked, choices[].logprobs.content is null or empty' };
  return { observed: 'broken', confidence: 'decisive', evidence, note: 'some choices carry logprobs, others none' };
}

export const logprobsProbe: Probe = { keys: ['request.logprobs'], observe };
