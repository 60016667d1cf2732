/**
 * POST /completions, the legacy text completions (wire-format.md §6.3): {id, object "text_completion",
 * created (Unix seconds), model, choices[{text, index, logprobs (key present, may be null),
 * finish_reason ∈ stop|length|content_filter}]}. Streamed, every chunk has the SAME shape and object
 * "text_completion" (unlike chat; some servers send "completion.chunk"), and the stream ends with [DONE].
 * Option: `model` (a completions model; OpenAI's chat models refuse this endpoint).
 */
import { jsonType, preview } from '../json-path.js';
import type { EndpointFacts } from './answer.js';
import type { StreamFacts } from './stream.js';

type Obj = Record<string, unknown>;

const FINISH = ['stop', 'length', 'content_filter'];

function choiceProblems(c: unknown, at: string, streamed: boolean): string[] {
  if (!c || typeof c !== 'object') return [`${at} is ${jsonType(c)}, not an object`];
  const o = c as Obj;
  const out: string[] = [];
  if (typeof o.text !== 'string') out.push(`${at}.text is ${jsonType(o.text)}, not a string`);
  if (!Number.isInteger(o.index)) out.push(`${at}.index is ${preview(o.index, 20)}, not an integer`);
  if (!('logprobs' in o)) out.push(`${at}.logprobs is missing (the key is required; null when not asked for)`);
  // Streamed chunks carry finish_reason null until the last one.
  const f = o.finish_reason;
  if (!(streamed && f === null) && !FINISH.includes(f as string)) out.push(`${at}.finish_reason is ${preview(f, 30)}, not one of ${FINISH.join('|')}`);
  return out;
}

function envelopeProblems(v: unknown, streamed: boolean, at = ''): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return [`${at}${streamed ? 'the chunk' : 'the answer'} is ${jsonType(v)}, not a text_completion object`];
  const j = v as Obj;
  const out: string[] = [];
  if (j.object !== 'text_completion') out.push(`${at}object is ${preview(j.object, 30)}, not "text_completion"`);
  if (typeof j.id !== 'string' || !j.id) out.push(`${at}id is ${preview(j.id, 30)}, not a non-empty string`);
  if (typeof j.created !== 'number' || j.created < 1e9 || j.created > 1e10) out.push(`${at}created is ${preview(j.created, 20)}, not Unix seconds`);
  if (typeof j.model !== 'string') out.push(`${at}model is ${jsonType(j.model)}, not a string`);
  if (!Array.isArray(j.choices) || (!streamed && !j.choices.length)) out.push(`${at}choices is ${Array.isArray(j.choices) ? 'empty' : jsonType(j.choices)}`);
  else j.choices.forEach((c, i) => out.push(...choiceProblems(c, `${at}choices[${i}]`, streamed)));
  return out;
}

export function legacyCompletionProblems(f: EndpointFacts): string[] {
  return envelopeProblems(f.answer.json, false);
}

export function legacyStreamProblems(s: StreamFacts): string[] {
  const out: string[] = [];
  if (!s.done) out.push('the stream does not end with data: [DONE]');
  if (!s.chunks.length) return [...out, 'no JSON chunk in the stream'];
  // Report each distinct problem once, naming the first chunk that has it.
  const seen = new Set<string>();
  s.chunks.forEach((c, i) => {
    for (const p of envelopeProblems(c, true, `chunk ${i}: `)) {
      const key = p.replace(/^chunk \d+: /, '').replace(/choices\[\d+\]/, 'choices[]');
      if (!seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
  });
  // A hostile stream may carry `data: null` or a number: only objects with a choices array are read.
  const last = s.chunks
    .map((c) => {
      const choices = (c as Obj | null)?.choices;
      return Array.isArray(choices) ? (choices[0] as Obj | null)?.finish_reason : undefined;
    })
    .filter((x) => x != null);
  if (!last.length) out.push('no chunk carries a finish_reason');
  return out;
}
