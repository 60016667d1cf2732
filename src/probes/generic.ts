/**
 * The acceptance probe, for fields whose effect cannot be seen from outside (user, metadata, store, ...):
 * send the field alone next to the baseline and report accepted or rejected; any echo of the value in the
 * response is evidence too. The effect itself is `unobservable`, so the judge never turns this into a pass
 * for a declared `supported` or `ignored`.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import { requestProbeFields, messageProbeMessages } from './values.js';
import { classifyAnswer } from './classify.js';
import { bodyText } from '../transport/http.js';

export const BASELINE_PROMPT = 'In three or four sentences, describe how rivers shape the landscape over time.';

/** The request body a field probe sends for `request.<key>` or `message.<key>`, or undefined if unknown. */
export function probeBody(io: CaseIO, area: 'request' | 'message', key: string, row: FieldRow | undefined): Record<string, unknown> | undefined {
  const base = io.baselineBody(false);
  if (area === 'request') {
    const fields = requestProbeFields(key, row, base);
    return fields && { ...base, ...fields };
  }
  const messages = messageProbeMessages(key, row, BASELINE_PROMPT);
  return messages && { ...base, messages };
}

export async function observeAcceptance(io: CaseIO, area: 'request' | 'message', key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, area, key, row);
  if (!body) {
    return { observed: 'not probed', confidence: 'unobservable', evidence: {}, verdict: 'skip', note: `no probe value for ${area}.${key}: add \`value:\` to the row` };
  }
  const ex = await io.send({ method: 'POST', path: io.chatPath, json: body, purpose: `${area}.${key}` });
  const a = classifyAnswer(ex);
  if (a.observation) return a.observation;
  const sent = JSON.stringify(body).length;
  const text = bodyText(ex);
  return {
    observed: 'accepted',
    confidence: 'unobservable',
    evidence: { status: ex.response?.status, requestBytes: sent, responseBytes: text.length },
    note: 'accepted with 2xx; whether the field has an effect cannot be observed from outside',
  };
}
