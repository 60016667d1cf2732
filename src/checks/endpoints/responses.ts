/**
 * POST /responses, OpenAI's Responses API, where a profile declares it (Bifrost serves it over chat
 * completions): {id, object "response", created_at (Unix seconds), status, model, output[...]} with at
 * least one `message` item whose content has an `output_text` part with text. Streamed, it is a sequence
 * of typed events (`data.type`, and `event:` equal to it when present) from `response.created` to
 * `response.completed`, with the text in `response.output_text.delta` events. No [DONE] is part of it.
 * Option: `model`.
 */
import { jsonType, preview } from '../json-path.js';
import type { EndpointFacts } from './answer.js';
import type { StreamFacts } from './stream.js';

type Obj = Record<string, unknown>;

const STATUSES = ['completed', 'incomplete', 'in_progress', 'failed', 'cancelled', 'queued'];

/** Problems of a Response object (also the `response` carried by the created/completed events). */
function responseObjectProblems(r: unknown, at = ''): string[] {
  if (!r || typeof r !== 'object') return [`${at || 'the answer'} is ${jsonType(r)}, not a Response object`];
  const j = r as Obj;
  const out: string[] = [];
  if (j.object !== 'response') out.push(`${at}object is ${preview(j.object, 30)}, not "response"`);
  if (typeof j.id !== 'string' || !j.id) out.push(`${at}id is ${preview(j.id, 30)}, not a non-empty string`);
  if (typeof j.created_at !== 'number' || j.created_at < 1e9 || j.created_at > 1e10)
    out.push(`${at}created_at is ${preview(j.created_at, 20)}, not Unix seconds`);
  if (!STATUSES.includes(j.status as string)) out.push(`${at}status is ${preview(j.status, 30)}, not a Response status`);
  if (!Array.isArray(j.output)) out.push(`${at}output is ${jsonType(j.output)}, not an array`);
  return out;
}

/** The text of every output_text part of the message items. */
function outputText(r: Obj): string | undefined {
  if (!Array.isArray(r.output)) return undefined;
  const parts = (r.output as Obj[]).filter((i) => i?.type === 'message').flatMap((i) => (Array.isArray(i.content) ? (i.content as Obj[]) : []));
  const texts = parts.filter((p) => p?.type === 'output_text' && typeof p.text === 'string').map((p) => p.text as string);
  return texts.length ? texts.join('') : undefined;
}

export function responsesProblems(f: EndpointFacts): string[] {
  const j = f.answer.json as Obj;
  const out = responseObjectProblems(j);
  if (j.status === 'completed' && !outputText(j)) out.push('status "completed" but no message item with an output_text part carrying text');
  return out;
}

export function responsesStreamProblems(s: StreamFacts): string[] {
  const out: string[] = [];
  if (!s.chunks.length) return ['no JSON event in the stream'];
  const types = s.chunks.map((c) => (c as Obj)?.type);
  const untyped = types.findIndex((t) => typeof t !== 'string');
  if (untyped >= 0) out.push(`event ${untyped} has no "type"`);
  const mismatch = s.names.findIndex((n, i) => n !== undefined && n !== types[i]);
  if (mismatch >= 0) out.push(`event ${mismatch} is named "${s.names[mismatch]}" but its type is ${preview(types[mismatch], 40)}`);
  if (types[0] !== 'response.created') out.push(`the first event is ${preview(types[0], 40)}, not response.created`);
  const last = types[types.length - 1];
  if (last !== 'response.completed' && last !== 'response.incomplete') out.push(`the last event is ${preview(last, 40)}, not response.completed`);
  const deltas = s.chunks.filter((c) => (c as Obj)?.type === 'response.output_text.delta');
  if (!deltas.length) out.push('no response.output_text.delta event');
  else if (deltas.some((d) => typeof (d as Obj).delta !== 'string')) out.push('a response.output_text.delta event has no string delta');
  const completed = s.chunks.find((c) => (c as Obj)?.type === 'response.completed') as Obj | undefined;
  if (completed) out.push(...responseObjectProblems(completed.response, 'response.completed: response.'));
  return out;
}
