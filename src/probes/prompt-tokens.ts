/**
 * The prompt-token differential for message fields: send the field's messages and compare
 * usage.prompt_tokens with the shared baseline's (the same user prompt without the field). What the
 * server puts in front of the model is counted there, so a name, a developer message or a content
 * array that reaches the model shows up as a difference, and one that is dropped does not.
 *
 * A token count is the server's accounting, not protocol: the signal is `accounting`, so the observation
 * is heuristic (a deviation is a warning, never a failure; see src/cases/evidence.ts). It is used only
 * when the run's usage gate says the counts carry information (gates.ts: positive, and growing with a
 * longer prompt); otherwise, as where usage is declared empty or missing, nothing else outside the model
 * shows it and the effect is unobservable.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import { accounting, fromSignals } from '../cases/evidence.js';
import { probeBody } from './generic.js';
import { sendChat, baselineAnswer, notProbed } from './send.js';
import { usagePair, unusableWhy } from './signals.js';
import { runGates } from './gates.js';

/** Interprets probe − baseline prompt tokens for one field. */
export type DeltaRule = (delta: number, pair: [number, number]) => Pick<Observation, 'observed' | 'note'>;

export async function observeByPromptTokens(io: CaseIO, key: string, row: FieldRow | undefined, rule: DeltaRule): Promise<Observation> {
  const body = probeBody(io, 'message', key, row);
  if (!body) return notProbed(`message.${key}`);
  const [probe, base] = await Promise.all([sendChat(io, body, `message.${key}`), baselineAnswer(io)]);
  if (!probe.ok) return probe.observation;
  if (!base.ok) return base.observation;
  const pair = usagePair(io.profile, probe.view, base.view, 'prompt_tokens');
  const gates = pair ? await runGates(io) : undefined;
  if (!pair || !gates?.usageUsable) {
    const why = gates && !gates.usageUsable ? gates.usageWhy : unusableWhy(io.profile, 'usage.prompt_tokens');
    return {
      observed: 'accepted',
      evidence: { status: probe.ex.response?.status, prompt_tokens: pair ?? null },
      ...(gates && !gates.usageUsable ? { gate: 'usage' as const } : {}),
      note: `accepted; ${why}, and nothing else outside the model shows whether the field reached it`,
    };
  }
  const delta = pair[0] - pair[1];
  return fromSignals({ ...rule(delta, pair), evidence: { prompt_tokens: pair, delta }, signals: [accounting('usage.prompt_tokens', pair[0], pair[1])] });
}
