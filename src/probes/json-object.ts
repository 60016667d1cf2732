/**
 * response_format json_object. OpenAI answers 400 unless a message contains the word "json", and a model
 * held to JSON without being told may emit whitespace until its limit; so the probe appends to the
 * baseline's user message a sentence that names JSON but asks for it only when a format is enforced:
 *   "When a JSON response format is enforced, reply with one JSON object; otherwise reply in plain prose."
 * (in the user message, not a system message, so a target that refuses the system role is not misread).
 * Decision, on the first choice's content (strict JSON.parse; a code fence is not JSON):
 *  - not a JSON object → ignored (decisive: JSON mode guarantees a bare object), unless finish_reason is
 *    "length" (cut off: inconclusive);
 *  - a JSON object → then a control request, the same messages without response_format (sent only now):
 *    prose → supported (decisive: the format made the difference); JSON too → supported, heuristic
 *    (the prompt alone gives JSON on this model, so the format's effect is not isolated).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields } from './values.js';
import { BASELINE_PROMPT } from './generic.js';
import { sendFields, notProbed } from './send.js';
import { firstContent } from './completion.js';
import { finishReason } from './signals.js';
import { cutOffJson, parseJson, isJsonObject } from './text.js';
import { preview } from '../checks/json-path.js';
import { contractual, fromSignals } from '../cases/evidence.js';

export const JSON_MODE_MESSAGES = [
  { role: 'user', content: `${BASELINE_PROMPT} When a JSON response format is enforced, reply with one JSON object; otherwise reply in plain prose.` },
];

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const fields = requestProbeFields(key, row);
  if (!fields?.response_format) return notProbed(`request.${key}`);
  const probe = await sendFields(io, { messages: JSON_MODE_MESSAGES, response_format: fields.response_format }, `request.${key}`);
  if (!probe.ok) return probe.observation;
  const text = firstContent(probe.view);
  const parsed = parseJson(text);
  const finish = finishReason(io.profile, probe.view.choices[0]) ?? null;
  if (!isJsonObject(parsed)) {
    const evidence = {
      json_object: false,
      chars: text.length,
      finish_reason: finish,
      error: parsed.ok ? 'not an object' : parsed.error,
      content: preview(text, 60),
    };
    if (finish === 'length') return cutOffJson(evidence);
    return fromSignals({ observed: 'ignored', evidence, signals: [parses(false)], note: `content is not a JSON object (${evidence.error})` });
  }
  const control = await sendFields(io, { messages: JSON_MODE_MESSAGES }, `request.${key} (control)`);
  if (!control.ok)
    return fromSignals({
      observed: 'supported',
      evidence: { json_object: true, chars: text.length, control: control.observation.observed },
      signals: [parses(true, { value: control.observation.observed, isolates: false })],
      note: 'the control request without response_format failed, so the effect is not isolated',
    });
  const controlJson = isJsonObject(parseJson(firstContent(control.view)));
  const evidence = { json_object: [true, controlJson], chars: [text.length, firstContent(control.view).length], requests: 2 };
  return fromSignals({
    observed: 'supported',
    evidence,
    // Prose without the format, a JSON object with it: the format made the difference.
    signals: [parses(true, { value: controlJson, isolates: !controlJson })],
    ...(controlJson ? { note: "the same messages without response_format give a JSON object too, so the format's effect is not isolated" } : {}),
  });
}

/** JSON mode's contract is stated over the content: a bare JSON object (a code fence is not JSON). */
const parses = (value: boolean, control?: { value: unknown; isolates: boolean }) =>
  contractual('choices[0].message.content parses as a JSON object', value, 'JSON mode: the content is one JSON object', control);

export const jsonObjectProbe: Probe = { keys: ['request.response_format.json_object'], observe };
