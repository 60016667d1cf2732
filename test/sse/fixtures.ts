/**
 * Builders for byte-level stream tests: OpenAI-shaped chunks, SSE framing with any line ending,
 * splitting a body into reads, and wrapping reads into an Exchange.
 */
import type { BodyRead, Exchange } from '../../src/transport/types.js';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export const BASE = { id: 'chatcmpl-test1', object: 'chat.completion.chunk', created: 1727346168, model: 'gpt-4o-2024-08-06' };

/** One choice entry of a chunk. */
export function choice(delta: Record<string, unknown>, finish: string | null = null, index = 0): Record<string, unknown> {
  return { index, delta, logprobs: null, finish_reason: finish };
}

/** A chunk's JSON text. */
export function chunk(choices: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...BASE, choices, ...extra });
}

export const USAGE = { prompt_tokens: 14, completion_tokens: 30, total_tokens: 44 };

/** Data strings of a canonical OpenAI text stream, [DONE] included. */
export function textData(pieces: string[], opts: { usage?: boolean; n?: number; finish?: string } = {}): string[] {
  const n = opts.n ?? 1;
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(chunk([choice({ role: 'assistant', content: '', refusal: null }, null, k)]));
  for (const p of pieces) for (let k = 0; k < n; k++) out.push(chunk([choice({ content: p }, null, k)]));
  for (let k = 0; k < n; k++) out.push(chunk([choice({}, opts.finish ?? 'stop', k)]));
  if (opts.usage) out.push(chunk([], { usage: USAGE }));
  out.push('[DONE]');
  return out;
}

/** Data strings of a canonical tool-call stream (one or more calls, arguments split in fragments). */
export function toolData(calls: { id: string; name: string; args: string[] }[], opts: { usage?: boolean } = {}): string[] {
  const out: string[] = [];
  calls.forEach((call, i) => {
    const first = { index: i, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    const delta: Record<string, unknown> = { tool_calls: [first] };
    if (i === 0) Object.assign(delta, { role: 'assistant', content: null, refusal: null });
    out.push(chunk([choice(delta)]));
    for (const a of call.args) out.push(chunk([choice({ tool_calls: [{ index: i, function: { arguments: a } }] })]));
  });
  out.push(chunk([choice({}, 'tool_calls')]));
  if (opts.usage) out.push(chunk([], { usage: USAGE }));
  out.push('[DONE]');
  return out;
}

/** Frame data strings as SSE events: `data: x` + eol + eol for each. */
export function sse(datas: string[], eol = '\n'): string {
  return datas.map((d) => `data: ${d}${eol}${eol}`).join('');
}

/** One read per string, `step` ms apart, starting at `t0`. */
export function readsOf(parts: (string | Uint8Array)[], step = 10, t0 = 100): BodyRead[] {
  return parts.map((p, i) => ({ t: t0 + i * step, bytes: typeof p === 'string' ? enc(p) : p }));
}

/** Split bytes at the given offsets into reads. */
export function splitAt(bytes: Uint8Array, offsets: number[], step = 10): BodyRead[] {
  const cuts = [0, ...offsets.filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b), bytes.length];
  const out: BodyRead[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) out.push({ t: 100 + i * step, bytes: bytes.subarray(cuts[i], cuts[i + 1]) });
  return out;
}

/** One read per event (each event arrives on its own, as from a token-streaming server). */
export function readPerEvent(datas: string[], step = 10, eol = '\n'): BodyRead[] {
  return readsOf(
    datas.map((d) => `data: ${d}${eol}${eol}`),
    step,
  );
}

export function exchange(
  reads: BodyRead[] | string,
  opts: { status?: number; contentType?: string | null; headers?: Record<string, string>; body?: string; error?: Exchange['error']; truncated?: boolean } = {},
): Exchange {
  const rs = typeof reads === 'string' ? readPerEventText(reads) : reads;
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'text/event-stream; charset=utf-8';
  const ex: Exchange = {
    id: 'ex-test',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:1/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body: opts.body ?? JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    },
    response: {
      status: opts.status ?? 200,
      headers,
      reads: rs,
      bodyBytes: rs.reduce((n, r) => n + r.bytes.length, 0),
      truncated: opts.truncated ?? false,
    },
    timings: { startedAt: 1_700_000_000_000, headersMs: 50, firstByteMs: rs[0]?.t ?? 50, totalMs: (rs[rs.length - 1]?.t ?? 50) + 1 },
  };
  if (opts.error) ex.error = opts.error;
  return ex;
}

/** A whole body as one read. */
function readPerEventText(body: string): BodyRead[] {
  return [{ t: 100, bytes: enc(body) }];
}

/** A pseudo-random generator for reproducible fuzz cases. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
