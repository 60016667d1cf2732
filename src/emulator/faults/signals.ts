/**
 * Faults for the evidence model (issue #11): targets whose signals carry no information, or carry it
 * everywhere, and targets that work but do not account for it. For most of these the right outcome is
 * not a failure: the checks that read those signals must neither pass nor fail (`unsettles`), and a
 * target that works must not be blamed (`mustPass`). The rejections at the end give the message rows,
 * whose effect is only ever seen through usage accounting (heuristic), a decisive way to fail.
 */
import { choicesOf, type Fault } from './types.js';
import { toolDefinitionTokens } from '../chat.js';

type Obj = Record<string, unknown>;

const messagesOf = (body: unknown): Obj[] => (Array.isArray((body as Obj | undefined)?.messages) ? ((body as Obj).messages as Obj[]) : []);

const limitOf = (body: unknown): number | undefined => {
  const b = (body ?? {}) as Obj;
  const v = b.max_completion_tokens ?? b.max_tokens;
  return typeof v === 'number' ? v : undefined;
};

/** Usage that says 20 more completion tokens than the limit allowed (the text is left as it was). */
function overcount(c: Obj, limit: number): void {
  const u = c.usage as Obj | undefined;
  if (!u || typeof u.prompt_tokens !== 'number') return;
  u.completion_tokens = limit + 20;
  u.total_tokens = u.prompt_tokens + limit + 20;
}

/** A fault that refuses chat requests whose messages match, with a 400 naming the param; others pass through. */
function rejectMessages(id: string, description: string, catches: string[], evidence: string, param: string, matches: (m: Obj) => boolean): Fault {
  return {
    id,
    description,
    catches,
    evidence,
    refuse(body) {
      if (!messagesOf(body).some((m) => m && typeof m === 'object' && matches(m))) return undefined;
      return { status: 400, type: 'invalid_request_error', param, code: 'invalid_value', message: `Invalid value for '${param}'.` };
    },
  };
}

export const signalFaults: Fault[] = [
  {
    id: 'tool-calls-undeclared',
    description: 'answers requests with tools with calls to a function the request does not declare ("string", as a schema-example mock does)',
    catches: ['request.tools', 'request.tool_choice.required', 'request.tool_choice.named'],
    evidence: 'test/thirdparty/prism.expected.yaml: Prism answers every request with its example tool call to "string"',
    completion(c, ctx) {
      if (!Array.isArray((ctx.body as Obj | undefined)?.tools)) return;
      for (const ch of choicesOf(c)) {
        const calls = ((ch.message as Obj | undefined)?.tool_calls ?? []) as Obj[];
        for (const call of Array.isArray(calls) ? calls : []) if (call.function && typeof call.function === 'object') (call.function as Obj).name = 'string';
      }
    },
  },
  {
    id: 'tool-choice-none-calls',
    description: 'calls a tool although tool_choice is "none"',
    catches: ['request.tool_choice.none'],
    evidence: 'test/thirdparty/prism.expected.yaml: a tool call came back for tool_choice "none"',
    request(body) {
      return body.tool_choice === 'none' ? { ...body, tool_choice: 'required' } : body;
    },
  },
  {
    id: 'constant-usage',
    description: 'reports the same usage (3/9/12) for every answer, whatever the prompt',
    catches: [],
    unsettles: ['message.content.parts', 'message.name', 'message.role.system', 'message.role.developer'],
    evidence: 'issue #11 class 3: a fixed-usage target passed message.content.parts on "3 vs 3"',
    completion(c) {
      c.usage = { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 };
    },
  },
  {
    id: 'zero-usage',
    description: 'reports usage 0/0/0 for every answer',
    catches: ['response.usage.prompt_tokens', 'response.usage.completion_tokens', 'response.usage.total_tokens'],
    unsettles: ['message.content.parts', 'message.name', 'message.role.system', 'message.role.developer'],
    evidence: 'issue #11 class 3: 0/0/0 passed response.usage.* as populated',
    completion(c) {
      c.usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    },
  },
  {
    id: 'static-answers',
    description: 'answers every chat request with the same text and usage, whatever the prompt (a fixed-answer mock)',
    catches: [],
    unsettles: ['message.content.parts', 'message.name', 'message.role.system', 'message.role.developer', 'request.stop'],
    evidence: 'issue #11 class 3 (@dwmkerr/mock-llm, Prism)',
    completion(c) {
      for (const ch of choicesOf(c)) {
        const msg = ch.message as Obj | undefined;
        if (msg && typeof msg.content === 'string' && !msg.tool_calls) msg.content = 'Rivers carve valleys, move sediment and build plains over time.';
      }
      c.usage = { prompt_tokens: 21, completion_tokens: 12, total_tokens: 33 };
    },
  },
  {
    id: 'tools-not-counted',
    description: 'delivers tool definitions to the model (calls work) but does not count them in usage.prompt_tokens',
    catches: [],
    mustPass: ['request.tools', 'request.tool_choice.required', 'request.tool_choice.named'],
    evidence: 'issue #11 class 1: request.tools failed on prompt_tokens while tool_choice required/named got calls',
    completion(c, ctx) {
      const extra = toolDefinitionTokens((ctx.body ?? {}) as Obj);
      const u = c.usage as Obj | undefined;
      if (!extra || !u || typeof u.prompt_tokens !== 'number') return;
      u.prompt_tokens -= extra;
      if (typeof u.total_tokens === 'number') u.total_tokens -= extra;
    },
  },
  {
    id: 'length-overcounted',
    description: 'honours max_tokens (finish_reason "length") but reports 20 more completion tokens than the limit',
    catches: [],
    unsettles: ['request.max_tokens', 'request.max_completion_tokens'],
    evidence: 'issue #11: evidence that contradicts itself (finish_reason says cut, usage says past the limit) is inconclusive',
    completion(c, ctx) {
      const limit = limitOf(ctx.body);
      if (limit === undefined || !choicesOf(c).some((ch) => ch.finish_reason === 'length')) return;
      overcount(c, limit);
    },
  },
  {
    id: 'cut-overcounted',
    description: 'honours max_tokens but answers finish_reason "stop" and 20 more completion tokens than the limit',
    catches: [],
    unsettles: ['request.max_tokens', 'request.max_completion_tokens'],
    evidence: 'issue #11 class 1: usage alone (the text is within the limit) is bookkeeping, never a failure',
    completion(c, ctx) {
      const limit = limitOf(ctx.body);
      if (limit === undefined || !choicesOf(c).some((ch) => ch.finish_reason === 'length')) return;
      for (const ch of choicesOf(c)) if (ch.finish_reason === 'length') ch.finish_reason = 'stop';
      overcount(c, limit);
    },
  },
  {
    id: 'logprobs-and-tool-calls-always',
    description: 'puts logprobs and a get_weather tool call on every answer, asked for or not (the baseline included)',
    // A call under tool_choice "none" that the baseline carries too: the choice had no effect, a decisive failure
    // where "none" is declared supported (parallel-example-on-every-answer is the declared-ignored side).
    catches: ['request.tool_choice.none'],
    unsettles: ['request.logprobs', 'request.tools', 'request.tool_choice.required'],
    evidence: 'issue #11 class 2: such a target passed request.logprobs, request.tools and request.tool_choice.required',
    completion(c) {
      for (const ch of choicesOf(c)) {
        if (!ch.logprobs) ch.logprobs = { content: [{ token: 'A', logprob: -0.1, bytes: [65], top_logprobs: [] }], refusal: null };
        const msg = (ch.message ?? {}) as Obj;
        if (!Array.isArray(msg.tool_calls) || !msg.tool_calls.length) {
          msg.tool_calls = [{ id: 'call_always', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }];
        }
      }
    },
  },
  {
    id: 'accept-json-unstreams',
    description: 'answers a streamed request that says Accept: application/json (as the SDKs do) with one JSON completion',
    catches: ['request.stream', 'stream.*', 'header.accept'],
    evidence:
      'wire-format.md 5.1: the SDKs send Accept application/json also when streaming; a gateway that picks the answer type from Accept breaks every SDK stream',
    request(body, ctx) {
      const accept = String(ctx.headers?.accept ?? '');
      if (body.stream !== true || !/application\/json/i.test(accept)) return body;
      const { stream: _s, stream_options: _o, ...rest } = body;
      return rest;
    },
  },
];

/** Rejections that let the message rows fail decisively (a 400 is protocol, a token count is not). */
export const messageRejectionFaults: Fault[] = [
  rejectMessages(
    'developer-role-rejected',
    'refuses messages with the developer role (400)',
    ['message.role.developer'],
    'peers-and-breakages.md 3.5 item 37 (400/422 on the developer role)',
    'messages.role',
    (m) => m.role === 'developer',
  ),
  rejectMessages(
    'content-parts-rejected',
    'refuses message content given as an array of parts (400)',
    ['message.content.parts', 'message.content.prompt_cache_breakpoint', 'message.content.image'],
    'peers-and-breakages.md 3.5 item 35',
    'messages.content',
    (m) => Array.isArray(m.content) && m.role === 'user',
  ),
  // The image part rides in one merged user turn with role.user, cache_control and modalities (src/probes/
  // user-turn-merge.ts): the split must find it, and the text-only members of that turn must not be blamed.
  {
    ...rejectMessages(
      'image-parts-rejected',
      'refuses image_url content parts (400), as a text-only model does; text parts and every other message field as usual',
      ['message.content.image'],
      'llama.cpp and vLLM serving a text-only model refuse image inputs; peers-and-breakages.md 3.5 (content parts)',
      'messages.content',
      (m) => Array.isArray(m.content) && (m.content as Obj[]).some((p) => p && typeof p === 'object' && p.type === 'image_url'),
    ),
    // The merged turn's other members are acceptance-only (a skip: unobservable); that none fails is "fails exactly".
    mustPass: ['message.content.parts'],
  },
  rejectMessages(
    'message-name-rejected',
    'refuses messages[].name on user messages (400)',
    ['message.name'],
    'gateways with a strict message schema (extra field "name")',
    'messages.name',
    (m) => m.role === 'user' && 'name' in m,
  ),
  rejectMessages(
    'system-role-rejected',
    'refuses messages with the system role (400)',
    ['message.role.system', 'message.multi-turn'],
    'reasoning models that refuse system messages (o1-preview: "Unsupported value: messages[0].role")',
    'messages.role',
    (m) => m.role === 'system',
  ),
];
