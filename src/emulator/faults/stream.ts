/**
 * Faults for the stream checks: each one a real-world breakage of SSE framing, of the chunk sequence, of
 * errors around a stream, or of its timing (peers-and-breakages.md 3.1–3.4, 3.6; wire-format.md 3.6). Each is
 * as narrow as the breakage allows: a content fault touches one content event, a usage fault only the stream
 * that asked for usage, a tool fault only tool-call fragments. `catches` lists every case the breakage
 * necessarily breaks, the SDK cases included where the official SDK really throws or loses data on it.
 */
import type { ServerResponse } from 'node:http';
import { VERSION as SDK_VERSION } from 'openai/version';
import { choicesOf, type Fault, type FaultContext } from './types.js';

type Obj = Record<string, unknown>;

const DONE = 'data: [DONE]\n\n';
// Every openai-node major (4, 5, 6) throws on these in both modes; the helper alone on the SDK_HELPER ones.
const SDK_HELPER = ['stream.sdk-final-completion', 'stream.sdk-v5-final-completion', 'stream.sdk-v4-final-completion'];
const SDK_THROWS = ['stream.sdk-iteration', 'stream.sdk-v5-iteration', 'stream.sdk-v4-iteration', ...SDK_HELPER];
// openai-node v7 compares the sentinel exactly and throws on "[DONE] "; v6 (and openai-python) match the prefix.
const SDK_EXACT_DONE = Number(SDK_VERSION.split('.')[0]) >= 7;

const deltaOf = (ch: Obj): Obj => (ch.delta && typeof ch.delta === 'object' ? (ch.delta as Obj) : {});
const fragmentsOf = (ch: Obj): Obj[] => (Array.isArray(deltaOf(ch).tool_calls) ? (deltaOf(ch).tool_calls as Obj[]) : []);
const hasContent = (c: Obj): boolean => choicesOf(c).some((ch) => typeof deltaOf(ch).content === 'string' && (deltaOf(ch).content as string).length > 0);
const isFinish = (c: Obj): boolean => choicesOf(c).some((ch) => typeof ch.finish_reason === 'string' && ch.finish_reason !== '');
const askedUsage = (ctx: FaultContext): boolean => ((ctx.body as Obj | undefined)?.stream_options as Obj | undefined)?.include_usage === true;
const isStreamRequest = (ctx: FaultContext): boolean => (ctx.body as Obj | undefined)?.stream === true;

/** The data JSON of an encoded event, or undefined for [DONE] and anything else. */
function eventJson(e: string): Obj | undefined {
  if (!e.startsWith('data: {')) return undefined;
  try {
    return JSON.parse(e.slice(6)) as Obj;
  } catch {
    return undefined;
  }
}

/** Rewrites the first event that carries content (tool-call and usage streams without content are left alone). */
function onFirstContentEvent(events: string[], rewrite: (e: string) => string[]): string[] {
  const i = events.findIndex((e) => {
    const j = eventJson(e);
    return j !== undefined && hasContent(j);
  });
  return i === -1 ? events : [...events.slice(0, i), ...rewrite(events[i]!), ...events.slice(i + 1)];
}

/** Waits `ms`, or less when the client has gone. */
function pause(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}

const gone = (res: ServerResponse): boolean => res.destroyed || res.writableEnded;

// ---------------------------------------------------------------------------------------------------------------
// Framing

const framing: Fault[] = [
  {
    id: 'sse-no-done',
    description: 'ends the stream without data: [DONE] (clean EOF after the last chunk)',
    catches: ['stream.done-sentinel', 'stream.complete'],
    evidence: 'peers-and-breakages.md 3.1 item 1 (text-generation-inference #1896, llama-box #2)',
    sse: (events) => events.filter((e) => e !== DONE),
  },
  {
    id: 'sse-done-trailing-space',
    description: 'terminates with "data: [DONE] " (a trailing space)',
    catches: ['stream.done-sentinel', ...(SDK_EXACT_DONE ? SDK_THROWS : [])],
    evidence: 'wire-format.md 3.6: openai-node v7 matches [DONE] exactly and throws SyntaxError',
    sse: (events) => events.map((e) => (e === DONE ? 'data: [DONE] \n\n' : e)),
  },
  {
    id: 'sse-no-final-blank-line',
    description: 'the last event ([DONE]) is not closed by a blank line',
    catches: ['stream.final-blank-line'],
    evidence: 'wire-format.md 3.6: SDKs never dispatch an unterminated last event',
    sse: (events) => events.map((e) => (e === DONE ? 'data: [DONE]\n' : e)),
  },
  {
    id: 'sse-event-lines',
    description: 'names every event with an "event: message" line',
    // openai-node 4 cannot read it (its chunks arrive as {event, data}); 5 and 6 can, and must not be blamed.
    catches: ['stream.no-sse-fields', 'stream.sdk-v4-iteration', 'stream.sdk-v4-final-completion'],
    mustPass: ['stream.sdk-iteration', 'stream.sdk-final-completion', 'stream.sdk-v5-iteration', 'stream.sdk-v5-final-completion'],
    evidence: 'wire-format.md 3.5: openai-node v4 yields named events as {event, data} wrappers (issue #15: v4 crashed with "reading \'0\'")',
    sse: (events) => events.map((e) => (e === DONE ? e : `event: message\n${e}`)),
  },
  {
    id: 'sse-id-retry-lines',
    description: 'numbers events with id: lines and opens with a retry: line',
    catches: ['stream.no-sse-fields'],
    evidence: 'wire-format.md 3.6: openai-python keeps the last id and dispatches an empty event on an extra blank line',
    sse: (events) => events.map((e, i) => `${i === 0 ? 'retry: 3000\n' : ''}id: ${i}\n${e}`),
  },
  {
    id: 'sse-double-data',
    description: 'a content event carries a doubled prefix: "data: data: {...}"',
    // no-double-data is declared optional in the OpenAI profile; what breaks for certain is the JSON.
    catches: ['stream.json-data', 'stream.no-double-data', ...SDK_THROWS],
    evidence: 'peers-and-breakages.md 3.1 item 3 (shimmy #53, openclaw #97773)',
    sse: (events) => onFirstContentEvent(events, (e) => [`data: ${e}`]),
  },
  {
    id: 'sse-non-json-data',
    description: 'a content event carries a Python dict repr instead of JSON',
    catches: ['stream.json-data', ...SDK_THROWS],
    evidence: 'wire-format.md 3.5: both SDKs throw on malformed event JSON',
    sse: (events) => onFirstContentEvent(events, (e) => [e.replaceAll('"', "'").replaceAll('null', 'None')]),
  },
  {
    id: 'sse-empty-event',
    description: 'sends an event with an empty data line after the first content event',
    catches: ['stream.no-empty-events', ...SDK_THROWS],
    evidence: 'wire-format.md 3.6: an empty data: line makes both SDKs throw on the empty JSON',
    sse: (events) => onFirstContentEvent(events, (e) => [e, 'data:\n\n']),
  },
  {
    id: 'sse-merged-events',
    description: 'drops the blank line between the first two content events: two JSON documents in one event',
    // Every SSE client joins the two data lines with "\n" and JSON-parses the result: both SDKs throw.
    catches: ['stream.data-only-events', 'stream.json-data', ...SDK_THROWS],
    evidence: 'wire-format.md 3.6 (an event made of several data: lines is joined with \n); a proxy re-framing lines without the separator',
    sse(events) {
      const i = events.findIndex((e) => {
        const j = eventJson(e);
        return j !== undefined && hasContent(j);
      });
      if (i === -1 || !eventJson(events[i + 1] ?? '')) return events;
      return [...events.slice(0, i), `${events[i]!.replace(/\n\n$/, '\n')}${events[i + 1]}`, ...events.slice(i + 2)];
    },
  },
  {
    id: 'sse-events-after-done',
    description: 'sends another chunk after data: [DONE]',
    catches: ['stream.nothing-after-done'],
    evidence: 'wire-format.md 3.6 "events after [DONE]: flag"',
    sse: (events) => (events.length > 1 ? [...events, events[0]!] : events),
  },
  {
    id: 'sse-as-json',
    description: 'sends the chat-completions event stream labelled content-type application/json',
    // Only the label is wrong: the bytes are SSE, so request.stream passes and every other stream rule judges the
    // events (src/sse/detect.ts).
    // header.accept tells a stream by its bytes too, so the mislabelled stream is still a stream there.
    catches: ['stream.content-type'],
    mustPass: ['request.stream', 'header.accept'],
    evidence: 'peers-and-breakages.md 3.1 item 4 (mistral.rs #79, openclaw #97773)',
    headers(h, ctx) {
      if (ctx.route.endsWith('/chat/completions') && h['content-type']?.startsWith('text/event-stream')) h['content-type'] = 'application/json';
    },
  },
  {
    id: 'sse-no-content-type',
    description: 'sends the chat-completions event stream with no content-type header at all',
    // Issue #11 class 4: a stream is told by its bytes; only stream.content-type, on its own row, fails.
    catches: ['stream.content-type'],
    mustPass: ['request.stream', 'header.accept'],
    evidence: 'issue #11 class 4 (an answer that is plainly SSE but carries no text/event-stream)',
    headers(h, ctx) {
      if (ctx.route.endsWith('/chat/completions') && h['content-type']?.startsWith('text/event-stream')) delete h['content-type'];
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Chunk sequence

/** The finish_reason a choice ends with in this stream. */
function finalReasons(chunks: Obj[]): Map<unknown, string> {
  const out = new Map<unknown, string>();
  for (const c of chunks) for (const ch of choicesOf(c)) if (typeof ch.finish_reason === 'string' && ch.finish_reason) out.set(ch.index, ch.finish_reason);
  return out;
}

const usageOf = (chunks: Obj[]): Obj | undefined => chunks.find((c) => c.usage && typeof c.usage === 'object')?.usage as Obj | undefined;

const sequence: Fault[] = [
  {
    id: 'sse-changing-id',
    description: 'every chunk has a different id',
    catches: ['stream.stable-id'],
    evidence: 'peers-and-breakages.md 3.8 item 47',
    chunks: (chunks) => chunks.map((c, i) => ({ ...c, id: `${String(c.id)}-${i}` })),
  },
  {
    id: 'sse-chunk-object',
    description: 'chunks carry object "chat.completion" instead of "chat.completion.chunk"',
    catches: ['stream.chunk-object'],
    evidence: "wire-format.md 3.5: openai-python's stream helper drops chunks of any other object",
    chunks: (chunks) => chunks.map((c) => ({ ...c, object: 'chat.completion' })),
  },
  {
    id: 'sse-role-every-chunk',
    description: 'repeats delta.role "assistant" on every chunk',
    catches: ['stream.role-first-only'],
    evidence: 'peers-and-breakages.md 3.8 item 47 (role only in the first delta)',
    chunks: (chunks) => chunks.map((c) => ({ ...c, choices: choicesOf(c).map((ch) => ({ ...ch, delta: { role: 'assistant', ...deltaOf(ch) } })) })),
  },
  {
    id: 'sse-finish-every-chunk',
    description: 'puts the final finish_reason on every chunk',
    // Non-null before the end and several terminal values are the same bytes: both rules see them.
    catches: ['stream.finish-reason-null-until-end', 'stream.single-terminal-finish'],
    evidence: 'peers-and-breakages.md 3.2 items 9–10',
    chunks(chunks) {
      const reasons = finalReasons(chunks);
      return chunks.map((c) => ({ ...c, choices: choicesOf(c).map((ch) => ({ ...ch, finish_reason: reasons.get(ch.index) ?? ch.finish_reason })) }));
    },
  },
  {
    id: 'sse-empty-finish-reason',
    description: 'intermediate chunks carry finish_reason "" instead of null',
    catches: ['stream.finish-reason-null-until-end'],
    evidence: 'peers-and-breakages.md 3.2 item 9 (ollama #4357, sglang #3912)',
    chunks: (chunks) => chunks.map((c) => ({ ...c, choices: choicesOf(c).map((ch) => (ch.finish_reason === null ? { ...ch, finish_reason: '' } : ch)) })),
  },
  {
    id: 'sse-two-finishes',
    description: 'sends every finish chunk twice',
    catches: ['stream.single-terminal-finish'],
    evidence: 'peers-and-breakages.md 3.2 item 10; wire-format.md 3.3 rule 3',
    chunks: (chunks) => chunks.flatMap((c) => (isFinish(c) && !c.usage ? [c, structuredClone(c)] : [c])),
  },
  {
    id: 'sse-usage-unasked',
    description: 'sends a usage chunk although stream_options.include_usage was not asked for',
    catches: ['stream.usage-chunk'],
    evidence: 'peers-and-breakages.md 3.3 item 16 (apfel #100, vLLM #36379)',
    chunks(chunks, ctx) {
      if (askedUsage(ctx) || usageOf(chunks) || !chunks.length) return chunks;
      const outputs = chunks.filter((c) => hasContent(c) || choicesOf(c).some((ch) => fragmentsOf(ch).length)).length;
      const { choices: _c, ...head } = chunks[0]!;
      return [...chunks, { ...head, choices: [], usage: { prompt_tokens: 20, completion_tokens: outputs, total_tokens: 20 + outputs } }];
    },
  },
  {
    id: 'sse-usage-with-choices',
    description: 'the include_usage chunk carries a choice instead of choices: []',
    catches: ['stream.usage-chunk-empty-choices'],
    evidence: 'peers-and-breakages.md 3.3 item 15 (litellm #28735)',
    chunks: (chunks, ctx) =>
      askedUsage(ctx)
        ? chunks.map((c) => (c.usage && choicesOf(c).length === 0 ? { ...c, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: null }] } : c))
        : chunks,
  },
  {
    id: 'sse-usage-every-chunk',
    description: 'under include_usage, attaches usage to every chunk',
    catches: ['stream.usage-chunk'],
    evidence: 'peers-and-breakages.md 3.3 item 17 (vLLM #7262)',
    chunks(chunks, ctx) {
      const usage = usageOf(chunks);
      return askedUsage(ctx) && usage ? chunks.map((c) => ({ ...c, usage })) : chunks;
    },
  },
  {
    id: 'sse-one-piece',
    description: 'streams the whole answer in one content event',
    catches: ['stream.incremental'],
    evidence: 'peers-and-breakages.md 3.4 item 24 (ollama #9092: the stream arrives as one block)',
    chunks(chunks) {
      const firstContent = chunks.findIndex(hasContent);
      if (firstContent === -1) return chunks;
      const text = new Map<unknown, string>();
      for (const c of chunks)
        for (const ch of choicesOf(c))
          if (typeof deltaOf(ch).content === 'string') text.set(ch.index, (text.get(ch.index) ?? '') + (deltaOf(ch).content as string));
      const merged = {
        ...chunks[firstContent]!,
        choices: [...text].filter(([, t]) => t).map(([index, content]) => ({ index, delta: { content }, logprobs: null, finish_reason: null })),
      };
      return chunks.flatMap((c, i) => (i === firstContent ? [merged] : hasContent(c) ? [] : [c]));
    },
  },
  {
    id: 'sse-cumulative-deltas',
    description: 'every content delta re-sends the text accumulated so far instead of only the new text',
    // Every SDK concatenates the deltas without complaint: only the delta rule sees it (issue #11 class 5).
    catches: ['stream.deltas-append'],
    evidence: 'issue #11 class 5 (a gateway re-sending the accumulated text in every delta rebuilds to ten times the answer)',
    chunks(chunks) {
      const soFar = new Map<unknown, string>();
      return chunks.map((c) => ({
        ...c,
        choices: choicesOf(c).map((ch) => {
          const content = deltaOf(ch).content;
          if (typeof content !== 'string' || content === '') return ch;
          const text = (soFar.get(ch.index) ?? '') + content;
          soFar.set(ch.index, text);
          return { ...ch, delta: { ...deltaOf(ch), content: text } };
        }),
      }));
    },
  },
  {
    id: 'sse-text-resent-at-end',
    description: 'the finish chunk re-sends the whole answer in delta.content',
    // Clients append it: the text appears twice. Only the delta rule sees it (issue #11 class 5).
    catches: ['stream.deltas-append'],
    evidence: 'issue #11 class 5 (a delta that repeats the text so far is a stream failure with the event number)',
    chunks(chunks) {
      const text = new Map<unknown, string>();
      return chunks.map((c) => {
        for (const ch of choicesOf(c))
          if (typeof deltaOf(ch).content === 'string') text.set(ch.index, (text.get(ch.index) ?? '') + (deltaOf(ch).content as string));
        if (!isFinish(c) || c.usage) return c;
        return { ...c, choices: choicesOf(c).map((ch) => (text.get(ch.index) ? { ...ch, delta: { ...deltaOf(ch), content: text.get(ch.index) } } : ch)) };
      });
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Tool-call fragments (only tool-call streams have any)

function mapFragments(chunks: Obj[], f: (frag: Obj, callIndex: number, nth: number) => Obj): Obj[] {
  const seen = new Map<number, number>();
  return chunks.map((c) => ({
    ...c,
    choices: choicesOf(c).map((ch) => {
      const frags = fragmentsOf(ch);
      if (!frags.length) return ch;
      return {
        ...ch,
        delta: {
          ...deltaOf(ch),
          tool_calls: frags.map((frag) => {
            const k = Number(frag.index);
            const nth = seen.get(k) ?? 0;
            seen.set(k, nth + 1);
            return f(structuredClone(frag), k, nth);
          }),
        },
      };
    }),
  }));
}

const tools: Fault[] = [
  {
    id: 'sse-tool-no-index',
    description: 'tool-call fragments carry no index',
    // Fragments without an index get joined into one call: {"a":1}{"b":2} (peers-and-breakages 3.4 item 21).
    catches: ['stream.tool-call-index', 'stream.tool-call-arguments-json', ...SDK_HELPER],
    evidence: "peers-and-breakages.md 3.4 item 20 (openai-python #2806, Gemini compat); openai-node's helper drops the calls",
    chunks: (chunks) =>
      mapFragments(chunks, (frag) => {
        delete frag.index;
        return frag;
      }),
  },
  {
    id: 'sse-tool-same-index',
    description: 'parallel tool calls all use index 0',
    // Two calls on one index merge their arguments: {"a":1}{"b":2} (peers-and-breakages 3.4 item 21).
    catches: ['stream.tool-call-distinct-indices', 'stream.tool-call-arguments-json'],
    evidence: 'peers-and-breakages.md 3.4 item 21 (litellm #33678, lmdeploy #3412)',
    chunks: (chunks) => mapFragments(chunks, (frag) => ({ ...frag, index: 0 })),
  },
  {
    id: 'sse-tool-late-name',
    description: 'the first fragment of a tool call has no id and no function.name (they come in the next one)',
    catches: ['stream.tool-call-first-fragment'],
    evidence: 'wire-format.md 3.3 rule 4: the first fragment carries index, id, type and function.name',
    chunks(chunks) {
      const held = new Map<number, { id: unknown; name: unknown }>();
      return mapFragments(chunks, (frag, k, nth) => {
        const fn = (frag.function ?? {}) as Obj;
        if (nth === 0) {
          held.set(k, { id: frag.id, name: fn.name });
          delete frag.id;
          delete fn.name;
        } else if (nth === 1 && held.has(k)) {
          frag.id = held.get(k)!.id;
          fn.name = held.get(k)!.name;
        }
        frag.function = fn;
        return frag;
      });
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Errors around a stream

const errors: Fault[] = [
  {
    id: 'sse-in-band-error',
    description: 'after the 200, sends data: {"error":{...}} before the finish chunk',
    catches: ['stream.in-band-error', 'stream.complete', ...SDK_THROWS],
    evidence: 'peers-and-breakages.md 3.6 item 43; wire-format.md 3.7',
    chunks(chunks) {
      const at = chunks.findIndex(isFinish);
      if (at === -1) return chunks;
      const error = { error: { message: 'The upstream model server disconnected.', type: 'server_error', param: null, code: 'upstream_error' } };
      return [...chunks.slice(0, at), error, ...chunks.slice(at)];
    },
  },
  {
    id: 'sse-prestream-error-as-200',
    description: 'answers a bad streamed request with HTTP 200 and the error inside an event stream',
    catches: ['stream.prestream-error-status'],
    evidence: 'peers-and-breakages.md 3.6 item 42 (llama.cpp #14566, clawrouter #101)',
    error(reply, ctx) {
      if (!isStreamRequest(ctx)) return reply;
      return {
        status: 200,
        headers: { ...reply.headers, 'content-type': 'text/event-stream; charset=utf-8' },
        body: `data: ${JSON.stringify(reply.body)}\n\n${DONE}`,
      };
    },
  },
  {
    id: 'sse-cut-short',
    description: 'closes the stream cleanly after two output events: no finish chunk, no [DONE]',
    // The missing end is what every one of these reads: no [DONE], no finish, and the SDK helper's own error.
    // The include_usage probe reads the cut stream's missing usage chunk as "include_usage ignored".
    catches: [
      'stream.done-sentinel',
      'stream.single-terminal-finish',
      'stream.complete',
      ...SDK_HELPER,
      'request.stream_options',
      'request.stream_options.include_usage',
      'stream.tool-call-arguments-json',
    ],
    evidence: 'peers-and-breakages.md 3.6 item 44 (sub2api #1925); wire-format.md 3.7',
    sse: (events) => events.slice(0, 3),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Time: a stream the harness has to cut. Only `complete` can fail; how it would have ended is inconclusive.

const TIME_BOUND_MS = 1_500;

const time: Fault[] = [
  {
    id: 'sse-never-ends',
    description: 'streams the whole answer, then keep-alive comments forever, never [DONE]',
    catches: ['stream.complete'],
    evidence: 'architecture.md: a hostile target can make a case fail but cannot hang the harness',
    timeoutMs: TIME_BOUND_MS,
    async writeSse(res, events) {
      for (const e of events.filter((x) => x !== DONE)) {
        if (gone(res)) return;
        res.write(e);
        await pause(res, 1);
      }
      while (!gone(res)) {
        res.write(': keep-alive\n\n');
        await pause(res, 200);
      }
    },
  },
  {
    id: 'sse-drip',
    description: 'sends the stream one byte a second',
    // Within any bound, not one chunk arrives: request.stream sees no stream at all.
    catches: ['stream.complete', 'request.stream'],
    evidence: 'architecture.md: timeouts bound every phase of every request',
    timeoutMs: TIME_BOUND_MS,
    async writeSse(res, events) {
      const body = Buffer.from(events.join(''));
      for (let i = 0; i < body.length && !gone(res); i++) {
        res.write(body.subarray(i, i + 1));
        await pause(res, 1_000);
      }
      if (!gone(res)) res.end();
    },
  },
  {
    id: 'sse-single-write',
    description: 'buffers the answer and writes every event in one write',
    catches: ['stream.incremental'],
    evidence: 'peers-and-breakages.md 3.4 item 24; llama.cpp #14268',
    async writeSse(res, events) {
      res.end(events.join(''));
    },
  },
];

/** Arguments lost between fragments (the OpenAI profile requires the joined arguments to parse). */
export const toolArgsNotJson: Fault = {
  id: 'sse-tool-args-not-json',
  description: 'drops the last argument fragment of every tool call, so the joined arguments are not JSON',
  catches: ['stream.tool-call-arguments-json'],
  evidence: 'peers-and-breakages.md 3.4 item 22 (vLLM #55082, #48852: arguments lost between fragments)',
  chunks(chunks) {
    const last = new Map<number, number>();
    for (const c of chunks) for (const ch of choicesOf(c)) for (const f of fragmentsOf(ch)) last.set(Number(f.index), (last.get(Number(f.index)) ?? 0) + 1);
    return mapFragments(chunks, (frag, k, nth) =>
      nth > 0 && nth === last.get(k)! - 1 ? { ...frag, function: { ...(frag.function as Obj), arguments: '' } } : frag,
    );
  },
};

export const streamFaults: Fault[] = [...framing, ...sequence, ...tools, toolArgsNotJson, ...errors, ...time];
