/**
 * The Responses API's event stream (specs/sources/openai-responses-api.md#Streaming events): typed JSON events,
 * `event:` named after their type, numbered by `sequence_number`, from `response.created` to one terminal event
 * (`response.completed`, `.incomplete` or `.failed`), with no [DONE]. Read once per exchange (the same SSE reader
 * as chat streams), then judged by one rule per check. Pure: reads the recorded exchange, sends nothing.
 */
import type { Exchange } from '../transport/types.js';
import { readSse } from './reader.js';
import { isObject, quote, type JsonObject } from './util.js';

export interface TypedEvent {
  index: number;
  name?: string;
  json?: JsonObject;
  /** The data did not parse as a JSON object. */
  bad?: string;
}

export interface ResponsesStream {
  events: TypedEvent[];
  /** `data: [DONE]` events (tolerated: OpenAI's SDKs skip them; not part of the Responses stream). */
  done: number;
}

export const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

const cache = new WeakMap<Exchange, ResponsesStream>();

export function readResponsesStream(ex: Exchange): ResponsesStream {
  const hit = cache.get(ex);
  if (hit) return hit;
  const read = readSse(ex.response?.reads ?? []);
  const out: ResponsesStream = { events: [], done: 0 };
  for (const e of read.events) {
    if (e.dataLines === 0) continue;
    if (e.data.trim() === '[DONE]') {
      out.done++;
      continue;
    }
    const ev: TypedEvent = { index: out.events.length, ...(e.event !== undefined ? { name: e.event } : {}) };
    try {
      const v: unknown = JSON.parse(e.data);
      if (isObject(v)) ev.json = v;
      else ev.bad = `data is not a JSON object: ${quote(e.data, 60)}`;
    } catch {
      ev.bad = `data is not JSON: ${quote(e.data, 60)}`;
    }
    out.events.push(ev);
  }
  cache.set(ex, out);
  return out;
}

export interface StreamRuleResult {
  ok: boolean;
  /** Nothing to judge (e.g. no error event came): neither a pass nor a failure. */
  skipped?: boolean;
  message: string;
  evidence: Record<string, unknown>;
}

const typeOf = (e: TypedEvent): unknown => e.json?.type;
const ok = (message: string, evidence: Record<string, unknown> = {}): StreamRuleResult => ({ ok: true, message, evidence });
const broken = (message: string, evidence: Record<string, unknown> = {}): StreamRuleResult => ({ ok: false, message, evidence });

/** Typed JSON events, each event: name equal to its type, opening with response.created, text in output_text.delta. */
export function typedEvents(s: ResponsesStream): StreamRuleResult {
  const types = s.events.map(typeOf);
  const evidence = { events: s.events.length, first: types[0] ?? null };
  if (!s.events.length) return broken('the stream carried no event', evidence);
  const bad = s.events.find((e) => e.bad);
  if (bad) return broken(`event ${bad.index}: ${bad.bad}`, evidence);
  const untyped = s.events.find((e) => typeof typeOf(e) !== 'string');
  if (untyped) return broken(`event ${untyped.index} has no "type"`, evidence);
  const misnamed = s.events.find((e) => e.name !== undefined && e.name !== typeOf(e));
  if (misnamed) return broken(`event ${misnamed.index} is named ${quote(misnamed.name!, 40)} but its type is ${quote(String(typeOf(misnamed)), 40)}`, evidence);
  if (types[0] !== 'response.created') return broken(`the first event is ${quote(String(types[0]), 40)}, not response.created`, evidence);
  for (const need of ['response.output_item.added', 'response.output_text.delta']) {
    if (!types.includes(need)) return broken(`no ${need} event among ${s.events.length}`, evidence);
  }
  return ok(`${s.events.length} typed events from response.created (${new Set(types).size} types)`, evidence);
}

/** sequence_number on every event, integers, strictly increasing. */
export function sequenceNumbers(s: ResponsesStream): StreamRuleResult {
  let last = -Infinity;
  for (const e of s.events) {
    const n = e.json?.sequence_number;
    if (typeof n !== 'number' || !Number.isInteger(n))
      return broken(`event ${e.index} (${String(typeOf(e))}) has sequence_number ${JSON.stringify(n) ?? 'undefined'}, not an integer`, { event: e.index });
    if (n <= last)
      return broken(`event ${e.index} (${String(typeOf(e))}) has sequence_number ${n} after ${last}: not strictly increasing`, {
        event: e.index,
        sequence: n,
        previous: last,
      });
    last = n;
  }
  if (!s.events.length) return { ok: true, skipped: true, message: 'no event to number', evidence: {} };
  return ok(`${s.events.length} events numbered strictly increasing up to ${last}`, { last });
}

/** Every output_index/content_index an event names was opened before it (output_item.added, content_part.added). */
export function indices(s: ResponsesStream): StreamRuleResult {
  const items = new Map<number, unknown>();
  const parts = new Set<string>();
  let checked = 0;
  for (const e of s.events) {
    const j = e.json;
    if (!j) continue;
    const t = typeOf(e);
    const oi = j.output_index;
    if (t === 'response.output_item.added') {
      if (typeof oi !== 'number') return broken(`event ${e.index} (output_item.added) has no output_index`, { event: e.index });
      items.set(oi, isObject(j.item) ? j.item.id : undefined);
      continue;
    }
    if (oi === undefined) continue;
    checked++;
    if (typeof oi !== 'number' || !items.has(oi))
      return broken(`event ${e.index} (${String(t)}) names output_index ${JSON.stringify(oi)}, which no output_item.added opened`, {
        event: e.index,
        opened: [...items.keys()],
      });
    const itemId = items.get(oi);
    if (j.item_id !== undefined && itemId !== undefined && j.item_id !== itemId) {
      return broken(`event ${e.index} (${String(t)}) names item_id ${quote(String(j.item_id), 40)}, but output ${oi} is ${quote(String(itemId), 40)}`, {
        event: e.index,
      });
    }
    if (t === 'response.content_part.added') {
      parts.add(`${oi}:${String(j.content_index)}`);
      continue;
    }
    if (j.content_index !== undefined && !parts.has(`${oi}:${String(j.content_index)}`)) {
      return broken(
        `event ${e.index} (${String(t)}) names content_index ${JSON.stringify(j.content_index)} of output ${oi}, which no content_part.added opened`,
        { event: e.index },
      );
    }
  }
  if (!checked) return { ok: true, skipped: true, message: 'no event named an output_index', evidence: {} };
  return ok(`${checked} events name an output/content index opened before them (${items.size} output items)`, { checked, items: items.size });
}

/** The text deltas of each part joined, against output_text.done and the final response's text. */
export function reassembly(s: ResponsesStream): StreamRuleResult {
  const joined = new Map<string, string>();
  const done = new Map<string, string>();
  for (const e of s.events) {
    const j = e.json;
    if (!j) continue;
    const key = `${String(j.output_index)}:${String(j.content_index)}`;
    if (typeOf(e) === 'response.output_text.delta' && typeof j.delta === 'string') joined.set(key, (joined.get(key) ?? '') + j.delta);
    if (typeOf(e) === 'response.output_text.done' && typeof j.text === 'string') done.set(key, j.text);
  }
  if (!joined.size) return { ok: true, skipped: true, message: 'no output_text.delta event to reassemble', evidence: {} };
  for (const [key, text] of joined) {
    const d = done.get(key);
    if (d !== undefined && d !== text)
      return broken(`the deltas of part ${key} join to ${text.length} chars, but its output_text.done has ${d.length}: ${quote(text, 60)} vs ${quote(d, 60)}`, {
        part: key,
        deltaChars: text.length,
        doneChars: d.length,
      });
  }
  const final = [...s.events].reverse().find((e) => TERMINAL.has(String(typeOf(e))))?.json?.response;
  const all = [...joined.values()].join('');
  if (isObject(final) && Array.isArray(final.output)) {
    const text = (final.output as unknown[])
      .filter(isObject)
      .filter((i) => i.type === 'message' && Array.isArray(i.content))
      .flatMap((i) => (i.content as unknown[]).filter(isObject))
      .map((p) => (p.type === 'output_text' && typeof p.text === 'string' ? p.text : ''))
      .join('');
    if (text !== all)
      return broken(`the deltas join to ${all.length} chars, but the final response's text has ${text.length}: ${quote(all, 60)} vs ${quote(text, 60)}`, {
        deltaChars: all.length,
        finalChars: text.length,
      });
  }
  return ok(`the deltas join to the ${all.length}-char text of output_text.done and of the final response`, { chars: all.length });
}

/** Exactly one terminal event, and it is the last. */
export function terminal(s: ResponsesStream): StreamRuleResult {
  const at = s.events.filter((e) => TERMINAL.has(String(typeOf(e))));
  const evidence = { terminal: at.map((e) => `${e.index}:${String(typeOf(e))}`), events: s.events.length };
  if (!at.length) return broken(`no terminal event (response.completed, incomplete or failed) among ${s.events.length} events`, evidence);
  if (at.length > 1) return broken(`${at.length} terminal events (${evidence.terminal.join(', ')}): one is expected`, evidence);
  const last = s.events[s.events.length - 1]!;
  if (at[0] !== last)
    return broken(`the terminal event ${at[0]!.index} (${String(typeOf(at[0]!))}) is followed by ${s.events.length - 1 - at[0]!.index} events`, evidence);
  return ok(`one terminal event, ${String(typeOf(last))}, last of ${s.events.length}`, evidence);
}

/** The error events' shape: type "error", a string message, code and param present (nullable), a sequence_number. */
export function errorEvents(s: ResponsesStream): StreamRuleResult {
  const errors = s.events.filter((e) => typeOf(e) === 'error' || e.name === 'error');
  if (!errors.length) return { ok: true, skipped: true, message: 'no error event came, so none was judged', evidence: {} };
  for (const e of errors) {
    const j = e.json ?? {};
    const missing = ['code', 'param'].filter((k) => !(k in j));
    if (j.type !== 'error' || typeof j.message !== 'string' || missing.length || typeof j.sequence_number !== 'number') {
      const what = [
        j.type !== 'error' ? `type ${JSON.stringify(j.type)}` : '',
        typeof j.message !== 'string' ? 'no string message' : '',
        missing.length ? `no ${missing.join(', ')}` : '',
        typeof j.sequence_number !== 'number' ? 'no sequence_number' : '',
      ]
        .filter(Boolean)
        .join(', ');
      return broken(`error event ${e.index} is not a ResponseErrorEvent (${what}): ${quote(JSON.stringify(j), 120)}`, { event: e.index });
    }
  }
  return ok(`${errors.length} error events, each {type "error", code, message, param, sequence_number}`, { errors: errors.length });
}
