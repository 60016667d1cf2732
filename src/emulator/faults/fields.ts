/**
 * Faults for the field probes (src/probes): a server that accepts a field with 200 and drops it, or
 * honours it wrongly. Each is a documented real-world breakage; `catches` lists the cases that must fail.
 * Faults that drop a field drop only valid values, so the error cases that send invalid ones (n 0,
 * five stop strings, temperature 3) still get their 400 and do not fail along.
 */
import { choicesOf, type Fault } from './types.js';

type Obj = Record<string, unknown>;
const without = (body: Obj, ...keys: string[]): Obj => Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));
const messages = (body: Obj) => (Array.isArray(body.messages) ? (body.messages as Obj[]) : []);

export const fieldFaults: Fault[] = [
  {
    id: 'n-ignored',
    description: 'accepts n > 1 with 200 but returns one choice',
    catches: ['request.n'],
    evidence: 'peers-and-breakages.md 3.5 item 30 (llama-cpp-python #1906, lmdeploy #1787)',
    completion(c) {
      c.choices = choicesOf(c).slice(0, 1);
    },
  },
  {
    id: 'stop-ignored',
    description: 'accepts stop with 200 and generates past the stop sequence',
    catches: ['request.stop'],
    request(body) {
      const ok = typeof body.stop === 'string' || (Array.isArray(body.stop) && body.stop.length <= 4);
      return ok ? without(body, 'stop') : body;
    },
  },
  {
    id: 'stop-sequence-returned',
    description: 'stops at the stop sequence but includes it at the end of the text',
    catches: ['request.stop'],
    evidence: 'wire-format.md 1.1: "The returned text will not contain the stop sequence"',
    completion(c, ctx) {
      const stop = (ctx.body as Obj | undefined)?.stop;
      const first = typeof stop === 'string' ? stop : Array.isArray(stop) ? stop[0] : undefined;
      if (typeof first !== 'string') return;
      for (const ch of choicesOf(c)) {
        const m = ch.message as Obj | undefined;
        if (m && typeof m.content === 'string' && ch.finish_reason === 'stop') m.content += first;
      }
    },
  },
  {
    id: 'logprobs-ignored',
    description: 'accepts logprobs: true with 200 and returns logprobs: null',
    catches: ['request.logprobs', 'request.top_logprobs'],
    completion(c) {
      for (const ch of choicesOf(c)) ch.logprobs = null;
    },
  },
  {
    id: 'top-logprobs-ignored',
    description: 'returns token logprobs but no top_logprobs alternatives',
    catches: ['request.top_logprobs'],
    completion(c) {
      for (const ch of choicesOf(c)) {
        const content = (ch.logprobs as { content?: Obj[] } | null)?.content;
        for (const t of content ?? []) t.top_logprobs = [];
      }
    },
  },
  {
    // request.logprobs reads top_logprobs's request (logprobs.ts): its refusal must not become logprobs's verdict.
    id: 'refuses-top-logprobs',
    description: 'refuses top_logprobs (400 naming it), accepts logprobs: true alone',
    catches: ['request.top_logprobs'],
    mustPass: ['request.logprobs', 'response.choices[].logprobs'],
    evidence: 'providers that serve token logprobs without alternatives (Groq documents both refused; a gateway may pass one only)',
    refuse(body) {
      const k = (body as Obj | null)?.top_logprobs;
      // Only a valid count: the out-of-range error row keeps the emulator's own answer.
      if (typeof k !== 'number' || k < 0 || k > 20) return undefined;
      return {
        status: 400,
        type: 'invalid_request_error',
        param: 'top_logprobs',
        code: 'unsupported_parameter',
        message: "Unsupported parameter: 'top_logprobs'.",
      };
    },
  },
  {
    // request.logprobs reads top_logprobs's answer (logprobs.ts): only the tokens it shows are read from it, so
    // a server that drops logprobs once alternatives are asked must not make logprobs look ignored.
    id: 'drops-logprobs-with-top-logprobs',
    description: 'answers logprobs: true alone with tokens, and drops logprobs (tokens and alternatives) when top_logprobs is set',
    // Dropped, an out-of-range top_logprobs is no longer refused either.
    catches: ['request.top_logprobs', 'error.top-logprobs-out-of-range'],
    mustPass: ['request.logprobs', 'response.choices[].logprobs'],
    evidence: 'review of the shared reads (session 5): a server that serves one of the two fields only; the reading of one must not fail the other',
    request(body) {
      if (body.top_logprobs === undefined) return body;
      const { logprobs: _l, top_logprobs: _t, ...rest } = body;
      return rest;
    },
  },
  {
    id: 'json-mode-ignored',
    description: 'accepts response_format json_object with 200 and answers in prose',
    catches: ['request.response_format.json_object'],
    evidence: 'peers-and-breakages.md 3.5 item 32 (webai-at-home #191, halogen-flash-server #14)',
    request(body) {
      return (body.response_format as Obj | undefined)?.type === 'json_object' ? without(body, 'response_format') : body;
    },
  },
  {
    id: 'json-schema-unenforced',
    description: 'answers response_format json_schema with JSON that ignores the schema (json_object mode)',
    catches: ['request.response_format.json_schema'],
    evidence: 'peers-and-breakages.md 3.5 item 32 (llama.cpp #10732: the schema silently becomes unconstrained)',
    request(body) {
      return (body.response_format as Obj | undefined)?.type === 'json_schema' ? { ...body, response_format: { type: 'json_object' } } : body;
    },
  },
  {
    id: 'tools-dropped',
    description: 'a proxy drops tools (and tool_choice) before the model, and answers 200',
    catches: ['request.tools', 'request.tool_choice.required', 'request.tool_choice.named'],
    evidence: 'peers-and-breakages.md 2.4 (webai-at-home #190: prompt_tokens 17 vs 275)',
    request(body) {
      return without(body, 'tools', 'tool_choice', 'parallel_tool_calls');
    },
  },
  {
    id: 'tool-choice-required-ignored',
    description: 'treats tool_choice "required" as "auto": the model may answer without a call',
    catches: ['request.tool_choice.required'],
    request(body) {
      return body.tool_choice === 'required' ? without(body, 'tool_choice') : body;
    },
  },
  {
    id: 'tool-choice-named-ignored',
    description: 'treats a named tool_choice as "auto"',
    catches: ['request.tool_choice.named'],
    request(body) {
      return body.tool_choice !== null && typeof body.tool_choice === 'object' ? without(body, 'tool_choice') : body;
    },
  },
  {
    id: 'parallel-tool-calls-ignored',
    description: 'accepts parallel_tool_calls: false and still returns several calls in one turn',
    catches: ['request.parallel_tool_calls'],
    request(body) {
      return without(body, 'parallel_tool_calls');
    },
  },
  {
    id: 'seed-ignored',
    description: 'accepts seed with 200 but samples afresh every time',
    catches: ['request.seed'],
    request(body) {
      return without(body, 'seed');
    },
  },
  {
    id: 'temperature-ignored',
    description: 'accepts a valid temperature with 200 but always samples at its own default',
    catches: ['request.temperature'],
    request(body) {
      const t = body.temperature;
      return typeof t === 'number' && t >= 0 && t <= 2 ? without(body, 'temperature') : body;
    },
  },
  {
    id: 'include-usage-ignored',
    description: 'streams without the usage chunk that stream_options.include_usage asks for',
    catches: ['request.stream_options', 'request.stream_options.include_usage', 'stream.usage-chunk'],
    evidence: 'peers-and-breakages.md 3.3',
    request(body) {
      return body.stream === true ? without(body, 'stream_options') : body;
    },
  },
  {
    id: 'stream-ignored',
    description: 'answers stream: true with one JSON completion',
    // One finding, not twenty: with nothing streamed, the stream rules skip with the reason (issue #11 class 6).
    catches: ['request.stream'],
    // header.accept streams with Accept: application/json and meets the JSON answer too, but so does its
    // control without the header: not the header's doing (accept-json-unstreams is the header's fault).
    unsettles: ['header.accept'],
    request(body) {
      return body.stream === true ? without(body, 'stream', 'stream_options') : body;
    },
  },
  {
    id: 'developer-role-dropped',
    description: 'accepts developer messages with 200 and drops them before the model',
    // Seen only through usage.prompt_tokens (accounting): a warning, never a failure; the matching rejection fault in signals.ts fails it.
    catches: [],
    unsettles: ['message.role.developer'],
    evidence: 'peers-and-breakages.md 3.5 item 37',
    request(body) {
      return { ...body, messages: messages(body).filter((m) => m?.role !== 'developer') };
    },
  },
  {
    id: 'system-role-dropped',
    description: 'accepts system messages with 200 and drops them before the model (a system prompt that never arrives)',
    // Seen only through usage.prompt_tokens (accounting): a warning, never a failure; the matching rejection fault in signals.ts fails it.
    catches: [],
    unsettles: ['message.role.system'],
    evidence: 'parallel-chat-api.md "System Prompt": the system message controls behaviour; gateways that map roles can lose it',
    request(body) {
      return { ...body, messages: messages(body).filter((m) => m?.role !== 'system') };
    },
  },
  {
    id: 'message-name-dropped',
    description: 'drops messages[].name (where optional) before the model',
    // Seen only through usage.prompt_tokens (accounting): a warning, never a failure; the matching rejection fault in signals.ts fails it.
    catches: [],
    unsettles: ['message.name'],
    request(body) {
      return { ...body, messages: messages(body).map((m) => (m && typeof m === 'object' && m.role !== 'function' ? without(m, 'name') : m)) };
    },
  },
  {
    id: 'content-parts-stringified',
    description: 'passes an array of content parts to the model as its Python repr',
    // Seen only through usage.prompt_tokens (accounting): a warning, never a failure; the matching rejection fault in signals.ts fails it.
    catches: [],
    unsettles: ['message.content.parts'],
    evidence: 'peers-and-breakages.md 3.5 item 35',
    request(body) {
      const repr = (parts: unknown[]) =>
        `[${parts
          .map(
            (p) =>
              `{${Object.entries(p as Obj)
                .map(([k, v]) => `'${k}': '${String(v)}'`)
                .join(', ')}}`,
          )
          .join(', ')}]`;
      return { ...body, messages: messages(body).map((m) => (Array.isArray(m?.content) ? { ...m, content: repr(m.content) } : m)) };
    },
  },
];
