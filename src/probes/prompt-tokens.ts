/**
 * The prompt-token differential for message fields: send the field's messages and compare
 * usage.prompt_tokens with the shared baseline's (the same user prompt without the field). What the
 * server puts in front of the model is counted there, so a name, a developer message or a content
 * array that reaches the model shows up as a difference, and one that is dropped does not. Where usage
 * is declared empty or missing, nothing else outside the model shows it: the effect is unobservable.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import { probeBody } from './generic.js';
import { sendChat, baselineAnswer, notProbed } from './send.js';
import { usagePair, unusableWhy } from './signals.js';

/** Interprets probe − baseline prompt tokens for one field. */
export type DeltaRule = (delta: number, pair: [number, number]) => Pick<Observation, 'observed' | 'confidence' | 'note'>;

export async function observeByPromptTokens(io: CaseIO, key: string, row: FieldRow | undefined, rule: DeltaRule): Promise<Observation> {
  const body = probeBody(io, 'message', key, row);
  if (!body) return notProbed(`message.${key}`);
  const [probe, base] = await Promise.all([sendChat(io, body, `message.${key}`), baselineAnswer(io)]);
  if (!probe.ok) return probe.observation;
  if (!base.ok) return base.observation;
  const pair = usagePair(io.profile, probe.view, base.view, 'prompt_tokens');
  if (!pair) {
    return {
      observed: 'accepted',
      confidence: 'unobservable',
      evidence: { status: probe.ex.response?.status, prompt_tokens: null },
      note: `accepted; ${unusableWhy(io.profile, 'usage.prompt_tokens')}, and nothing else outside the model shows whether the field reached it`,
    };
  }
  return { ...rule(pair[0] - pair[1], pair), evidence: { prompt_tokens: pair, delta: pair[0] - pair[1] } };
}
