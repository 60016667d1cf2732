/**
 * The acceptance probe, for fields whose effect cannot be seen from outside (user, metadata, store, ...):
 * send the field alone next to the baseline and report accepted or rejected. What the response echoes
 * about the field (ECHOES: service_tier's tier, reasoning and prediction token counts) is reported as
 * evidence. The effect itself is `unobservable`, so the judge never turns this into a pass for a declared
 * `supported` or `ignored`. A field module may pass an `effect` reader that settles the effect from the
 * response where a protocol field does (prediction.ts). A row whose `claim` is `acceptance` is decided by
 * acceptance itself: the 2xx must then be a readable chat completion, and the observation is decisive.
 * Acceptance-only fields the run planned into a group (group-plan.ts) read the answer of the request that
 * decided them (group.ts: the group's, or a subset's after a refusal split it), exactly as their own would.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import { sendGrouped } from './group.js';
import { requestProbeFields, messageProbeMessages, BASELINE_PROMPT } from './values.js';
import { classifyAnswer } from './classify.js';
import { notProbed, readAnswer } from './send.js';
import { bodyText, bodyJson } from '../transport/http.js';
import { valuesAt, preview } from '../checks/json-path.js';
import { protocol, STATUS_SIGNAL } from '../cases/evidence.js';

export { BASELINE_PROMPT };

/** Response paths that echo a request field, reported as evidence next to an acceptance. */
const ECHOES: Record<string, string[]> = {
  service_tier: ['service_tier'],
  reasoning_effort: ['usage.completion_tokens_details.reasoning_tokens'],
  prediction: ['usage.completion_tokens_details.accepted_prediction_tokens', 'usage.completion_tokens_details.rejected_prediction_tokens'],
  audio: ['choices[].message.audio'],
  modalities: ['choices[].message.audio'],
  metadata: ['metadata'],
};

/** The request body a field probe sends for `request.<key>` or `message.<key>`, or undefined if unknown. */
export function probeBody(io: CaseIO, area: 'request' | 'message', key: string, row: FieldRow | undefined): Record<string, unknown> | undefined {
  const base = io.baselineBody(false);
  if (area === 'request') {
    const fields = requestProbeFields(key, row);
    return fields && { ...base, ...fields };
  }
  const messages = messageProbeMessages(key, row, BASELINE_PROMPT);
  return messages && { ...base, messages };
}

function echoes(area: string, key: string, json: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (area !== 'request') return out;
  for (const path of ECHOES[key] ?? []) {
    const hit = valuesAt(json, path).find((h) => h.present);
    out[path] = !hit
      ? 'absent'
      : typeof hit.value === 'string'
        ? hit.value.slice(0, 40)
        : typeof hit.value === 'number' || hit.value === null
          ? hit.value
          : preview(hit.value, 40);
  }
  return out;
}

export async function observeAcceptance(
  io: CaseIO,
  area: 'request' | 'message',
  key: string,
  row: FieldRow | undefined,
  effect?: (json: unknown) => Pick<Observation, 'observed' | 'signals' | 'note'> | undefined,
): Promise<Observation> {
  const id = `${area}.${key}`;
  // A field read for an effect is never grouped; the run's plan says which acceptance-only fields are (group-plan.ts).
  const own = () => {
    const json = probeBody(io, area, key, row);
    return json && { method: 'POST' as const, path: io.chatPath, json, purpose: id };
  };
  const answer = await sendGrouped(io, id, own, { alone: Boolean(effect) });
  if (!answer) return notProbed(id);
  const { ex, grouped } = answer;
  const body = answer.request.json;
  const a = classifyAnswer(ex);
  if (a.observation) return grouped ? { ...a.observation, evidence: { ...a.observation.evidence, ...grouped.evidence } } : a.observation;
  const json = bodyJson(ex);
  const evidence = {
    status: ex.response?.status,
    requestBytes: JSON.stringify(body).length,
    responseBytes: bodyText(ex).length,
    ...echoes(area, key, json),
    ...grouped?.evidence,
  };
  const note = grouped?.note;
  const seen = effect?.(json);
  if (seen) return { ...seen, evidence };
  if (row?.claim === 'acceptance') {
    // Acceptance is the row's whole claim: a 2xx chat completion is the protocol signal that decides it (the
    // shared baseline, accepted too, is the control that the request differs from a good one only here).
    const read = readAnswer(ex);
    if (!read.ok) return read.observation;
    const signals = [protocol(STATUS_SIGNAL, read.ex.response?.status ?? null), protocol('body is a chat completion', true)];
    return { observed: 'accepted', evidence, facts: { completion: true }, signals, ...(note ? { note } : {}) };
  }
  // The judge says that the effect is unobservable; the note says only how the acceptance was decided.
  return { observed: 'accepted', evidence, ...(note ? { note } : {}) };
}
