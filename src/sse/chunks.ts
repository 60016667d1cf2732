/**
 * From SSE events to what a client acts on: JSON chunks, in-band errors, and data that is not JSON.
 * Only events before [DONE] count, as in every SDK (later events are read and dropped, or never read).
 */
import type { SseReadResult } from './reader.js';
import { isObject, jsonText, quote, tryJson } from './util.js';

export interface StreamChunk {
  /** Index of the SSE event that carried it. */
  event: number;
  /** Arrival time of that event. */
  t: number;
  read: number;
  json: unknown;
}

export interface InBandError {
  event: number;
  t: number;
  /** The SSE `event:` name, when there was one (`error`). */
  eventName?: string;
  /** The error's own message, or the data quoted. */
  message: string;
  /** The parsed `error` member (or the whole data when there is none). */
  body: unknown;
  /**
   * True when the data is `{"error": {...}}`: both SDKs throw APIError on it. False for `event: error` whose
   * data has no `error` key: openai-node v6 and openai-python yield it as an ordinary chunk (silent).
   */
  recognised: boolean;
}

export interface NonJsonEvent {
  event: number;
  data: string;
  error: string;
}

export interface ChunkSet {
  /** JSON values before [DONE], in-band errors excluded. */
  chunks: StreamChunk[];
  errors: InBandError[];
  /** Non-empty data before [DONE] that does not parse (the [DONE]-like sentinel excluded). */
  nonJson: NonJsonEvent[];
  /** Events before [DONE] whose data is the empty string (a data line with no value). */
  emptyData: number[];
  /** JSON chunks after [DONE], which clients ignore. */
  afterDone: StreamChunk[];
  done: boolean;
}

const DONE_PREFIX = /^\s*\[DONE\]/;

export function extractChunks(read: SseReadResult): ChunkSet {
  const set: ChunkSet = { chunks: [], errors: [], nonJson: [], emptyData: [], afterDone: [], done: !!read.done };
  for (const ev of read.events) {
    if (ev.dataLines === 0) continue;
    if (read.done && ev.index === read.done.event) continue;
    if (DONE_PREFIX.test(ev.data)) continue; // a second sentinel: nothing-after-done reports it
    const parsed = tryJson(ev.data);
    if (ev.afterDone) {
      if (parsed.ok) set.afterDone.push({ event: ev.index, t: ev.t, read: ev.read, json: parsed.value });
      continue;
    }
    if (ev.data === '') {
      set.emptyData.push(ev.index);
      continue;
    }
    if (!parsed.ok) {
      set.nonJson.push({ event: ev.index, data: ev.data, error: parsed.error });
      if (ev.event === 'error') {
        set.errors.push({ event: ev.index, t: ev.t, eventName: 'error', message: ev.data, body: ev.data, recognised: false });
      }
      continue;
    }
    const value = parsed.value;
    if (isObject(value) && value.error) {
      const e: InBandError = { event: ev.index, t: ev.t, message: errorMessage(value.error), body: value.error, recognised: true };
      if (ev.event !== undefined) e.eventName = ev.event;
      set.errors.push(e);
      continue;
    }
    if (ev.event === 'error') {
      const msg = isObject(value) && typeof value.message === 'string' ? value.message : quote(ev.data);
      set.errors.push({ event: ev.index, t: ev.t, eventName: 'error', message: msg, body: value, recognised: false });
      continue;
    }
    set.chunks.push({ event: ev.index, t: ev.t, read: ev.read, json: value });
  }
  return set;
}

function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (isObject(error) && typeof error.message === 'string') return error.message;
  return quote(jsonText(error));
}

/** Characters of generated output a chunk carries: content, refusal, tool-call names and arguments. */
export function chunkOutputChars(json: unknown): number {
  if (!isObject(json) || !Array.isArray(json.choices)) return 0;
  let n = 0;
  for (const choice of json.choices) {
    if (!isObject(choice) || !isObject(choice.delta)) continue;
    const d = choice.delta;
    if (typeof d.content === 'string') n += d.content.length;
    if (typeof d.refusal === 'string') n += d.refusal.length;
    if (Array.isArray(d.tool_calls)) {
      for (const tc of d.tool_calls) {
        if (!isObject(tc) || !isObject(tc.function)) continue;
        if (typeof tc.function.name === 'string') n += tc.function.name.length;
        if (typeof tc.function.arguments === 'string') n += tc.function.arguments.length;
      }
    }
  }
  return n;
}

/** True when a chunk carries a token: non-empty content or refusal, or any tool-call fragment. */
export function chunkHasOutput(json: unknown): boolean {
  if (!isObject(json) || !Array.isArray(json.choices)) return false;
  return json.choices.some(
    (c) =>
      isObject(c) &&
      isObject(c.delta) &&
      ((typeof c.delta.content === 'string' && c.delta.content.length > 0) ||
        (typeof c.delta.refusal === 'string' && c.delta.refusal.length > 0) ||
        (Array.isArray(c.delta.tool_calls) && c.delta.tool_calls.length > 0)),
  );
}
