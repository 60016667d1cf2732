/**
 * Faults for the Responses API checks (responses.*): each one a breakage a Responses server really shows (a chat
 * shape leaking through a converter, a field dropped on the way, an event stream assembled by hand), as narrow
 * as the breakage allows, so each makes exactly the cases it names fail. They act through the emulator's
 * Responses hooks (`responsesRequest` before generation, `responses` on the answer about to be sent).
 */
import type { Fault, FaultContext, ResponsesAnswer } from './types.js';
import { sendFaultError } from './types.js';

type Obj = Record<string, unknown>;

const bodyOf = (ctx: FaultContext): Obj => (ctx.body && typeof ctx.body === 'object' ? (ctx.body as Obj) : {});
/** A POST /responses (a retrieval has no body), streamed or not. */
const isCreate = (ctx: FaultContext, stream = false): boolean => ctx.body !== undefined && (bodyOf(ctx).stream === true) === stream;
/** The shared baseline: a model and an input, nothing else. */
const isBaseline = (ctx: FaultContext): boolean => isCreate(ctx) && Object.keys(bodyOf(ctx)).sort().join() === 'input,model';
const isResponsesRoute = (ctx: FaultContext): boolean => /^\/responses(\/|$)/.test(ctx.route);

const items = (a: ResponsesAnswer): Obj[] => (Array.isArray(a.response.output) ? (a.response.output as Obj[]) : []);
const typeOf = (e: Obj): unknown => e.type;
const renumber = (a: ResponsesAnswer): void => {
  a.events.forEach((e, i) => {
    e.sequence_number = i;
  });
};

const R = (key: string) => `responses.${key}`;

/** The area's bad requests, judged by the error area's envelope rules: every envelope fault breaks them too. */
export const RESPONSES_ERROR_CASES = [R('error-unknown-model'), R('error-invalid-param')];

export const responsesFaults: Fault[] = [
  {
    id: 'responses-absent',
    description: 'has no /responses at all: every Responses request is a 404 unknown URL',
    catches: [R('object')],
    evidence: 'issue #15: many OpenAI-compatible servers serve chat completions only',
    handle: (req, res, ctx) => (isResponsesRoute(ctx) ? sendFaultError(res, 404, `Unknown request URL: ${req.method} ${req.url}.`, 'unknown_url') : false),
  },
  {
    id: 'responses-object-is-chat',
    description: 'the Response says object "chat.completion" (a converter leaking the chat shape)',
    catches: [R('object')],
    evidence: 'converters that build the Response from a chat completion (Bifrost, llama.cpp) and keep its fields',
    responses: (a, ctx) => {
      if (isCreate(ctx)) a.response.object = 'chat.completion';
    },
  },
  {
    id: 'responses-untyped-parts',
    description: "the baseline's message content parts carry no type",
    catches: [R('output-items')],
    responses: (a, ctx) => {
      if (!isBaseline(ctx)) return;
      for (const i of items(a)) if (Array.isArray(i.content)) i.content = (i.content as Obj[]).map(({ type: _t, ...rest }) => rest);
    },
  },
  {
    id: 'responses-chat-usage',
    description: 'usage in chat completions names (prompt_tokens, completion_tokens)',
    catches: [R('usage')],
    evidence: 'a Responses converter passing the chat usage through',
    responses: (a, ctx) => {
      if (!isCreate(ctx)) return;
      const u = (a.response.usage ?? {}) as Obj;
      a.response.usage = { prompt_tokens: u.input_tokens, completion_tokens: u.output_tokens, total_tokens: u.total_tokens };
    },
  },
  {
    id: 'responses-usage-total-off',
    description: 'usage.total_tokens is not input_tokens + output_tokens',
    catches: [R('usage-total')],
    responses: (a, ctx) => {
      const u = a.response.usage as Obj | undefined;
      if (isCreate(ctx) && u && typeof u.total_tokens === 'number') u.total_tokens += 7;
    },
  },
  {
    id: 'responses-instructions-dropped',
    description: 'the Response echoes no instructions (instructions: null) whatever was sent',
    catches: [R('instructions')],
    responses: (a, ctx) => {
      if (isCreate(ctx)) a.response.instructions = null;
    },
  },
  {
    id: 'responses-max-output-ignored',
    description: 'max_output_tokens is dropped: the answer runs to its full length',
    catches: [R('max-output-tokens')],
    evidence: 'converters that map max_output_tokens to nothing (it is max_tokens in chat)',
    responsesRequest: (body) => {
      if (typeof body.max_output_tokens !== 'number') return body;
      const { max_output_tokens: _m, ...rest } = body;
      return rest;
    },
  },
  {
    id: 'responses-json-object-ignored',
    description: 'text.format json_object is dropped: the answer is prose',
    catches: [R('text-format-json-object')],
    responsesRequest: (body) => {
      const format = (body.text as Obj | undefined)?.format as Obj | undefined;
      if (format?.type !== 'json_object') return body;
      const { text: _t, ...rest } = body;
      return rest;
    },
  },
  {
    id: 'responses-json-schema-as-object',
    description: 'text.format json_schema is served as plain JSON mode: a JSON object, not the schema',
    catches: [R('text-format-json-schema')],
    evidence: 'providers whose structured outputs fall back to json_object',
    responsesRequest: (body) => {
      const format = (body.text as Obj | undefined)?.format as Obj | undefined;
      return format?.type === 'json_schema' ? { ...body, text: { format: { type: 'json_object' } } } : body;
    },
  },
  {
    id: 'responses-tool-choice-ignored',
    description: 'a forced tool_choice is dropped: the model answers in text',
    catches: [R('function-call-forced')],
    responsesRequest: (body) => {
      if (typeof body.tool_choice !== 'object' || body.tool_choice === null) return body;
      const { tool_choice: _c, tools: _t, ...rest } = body;
      return rest;
    },
  },
  {
    id: 'responses-arguments-object',
    description: 'function_call arguments are a JSON object, not a JSON string',
    catches: [R('function-call-arguments')],
    evidence: 'converters that parse the chat tool_calls arguments on the way',
    responses: (a) => {
      for (const i of items(a)) if (i.type === 'function_call' && typeof i.arguments === 'string') i.arguments = JSON.parse(i.arguments) as unknown;
    },
  },
  {
    id: 'responses-auto-call-malformed',
    description: 'with tool_choice auto, a function_call item without call_id and with arguments cut short',
    catches: [R('function-call-auto')],
    responses: (a, ctx) => {
      if (!isCreate(ctx) || bodyOf(ctx).tool_choice !== 'auto') return;
      items(a).push({ type: 'function_call', id: 'fc_fault', name: 'get_weather', arguments: '{"city": "Par', status: 'completed' });
    },
  },
  {
    id: 'responses-previous-id-dropped',
    description: 'previous_response_id is accepted but not echoed (null)',
    catches: [R('previous-response-id')],
    responses: (a, ctx) => {
      if (isCreate(ctx) && bodyOf(ctx).previous_response_id !== undefined) a.response.previous_response_id = null;
    },
  },
  {
    id: 'responses-store-ignored',
    description: 'store: false is ignored: the response is stored and retrievable',
    catches: [R('store')],
    responsesRequest: ({ store: _s, ...rest }) => rest,
  },
  // instructions and store: false ride on one request where both are declared required (responses-checks.ts
  // featureRiding): only the honoured reading is taken from it, so a breakage of one must not fail the other.
  {
    id: 'responses-refuses-store-false',
    description: 'refuses a Responses request with store: false (400), as a server that always stores does; everything else as usual',
    catches: [R('store')],
    mustPass: [R('instructions')],
    evidence: 'review of the shared Responses request (session 6): a refusal of store: false must not fail instructions',
    refuseResponses: (body) =>
      body.store === false
        ? { status: 400, type: 'invalid_request_error', param: 'store', code: 'unsupported_parameter', message: 'store: false is not supported.' }
        : undefined,
  },
  {
    id: 'responses-instructions-dropped-with-store-false',
    description: 'echoes no instructions (instructions: null) on a request that also sets store: false; either alone as usual',
    catches: [],
    mustPass: [R('instructions'), R('store')],
    evidence: 'review of the shared Responses request (session 6): the other field of the shared request breaking the reading',
    responses: (a, ctx) => {
      if (isCreate(ctx) && bodyOf(ctx).store === false && bodyOf(ctx).instructions !== undefined) a.response.instructions = null;
    },
  },
  {
    id: 'responses-stores-with-instructions',
    description: 'ignores store: false on a request that also sets instructions (stored, retrievable); store: false alone as usual',
    catches: [],
    mustPass: [R('store'), R('instructions')],
    evidence: 'review of the shared Responses request (session 6): the other field of the shared request breaking the reading',
    responsesRequest: (body) => {
      if (body.instructions === undefined) return body;
      const { store: _s, ...rest } = body;
      return rest;
    },
  },
  {
    id: 'responses-retrieve-missing',
    description: 'GET /responses/{id} is a 404 for every id (nothing is retrievable)',
    catches: [R('retrieve')],
    handle: (req, res, ctx) => (req.method === 'GET' && ctx.route.startsWith('/responses/') ? sendFaultError(res, 404, 'Response not found.') : false),
  },
  {
    id: 'responses-stream-misnamed-events',
    description: 'every streamed event is named "message" whatever its type',
    // openai-node 4 yields an event not named response.* as {event, data}: its helper never sees response.created.
    catches: [R('stream-events'), R('stream-sdk')],
    responses: (a) => {
      a.eventName = () => 'message';
    },
  },
  {
    id: 'responses-stream-sequence-repeats',
    description: 'the text delta events all carry the same sequence_number',
    catches: [R('stream-sequence-number')],
    responses: (a) => {
      const first = a.events.find((e) => typeOf(e) === 'response.output_text.delta')?.sequence_number;
      for (const e of a.events) if (typeOf(e) === 'response.output_text.delta') e.sequence_number = first;
    },
  },
  {
    id: 'responses-stream-wrong-output-index',
    description: 'the text deltas name output_index 1, an item no output_item.added opened',
    // Every openai-node major's ResponseStream throws "missing output at index 1".
    catches: [R('stream-indices'), R('stream-sdk')],
    responses: (a) => {
      for (const e of a.events) if (typeOf(e) === 'response.output_text.delta') e.output_index = 1;
    },
  },
  {
    id: 'responses-stream-delta-dropped',
    description: 'one text delta is left out of the stream (the done event and the final response keep the whole text)',
    catches: [R('stream-reassembly')],
    responses: (a) => {
      const deltas = a.events.filter((e) => typeOf(e) === 'response.output_text.delta');
      if (deltas.length < 2) return;
      a.events.splice(a.events.indexOf(deltas[1]!), 1);
      renumber(a);
    },
  },
  {
    id: 'responses-stream-two-terminals',
    description: 'response.completed is sent twice',
    catches: [R('stream-terminal')],
    responses: (a) => {
      const last = a.events[a.events.length - 1];
      if (last?.type === 'response.completed') a.events.push({ ...last });
      renumber(a);
    },
  },
  {
    id: 'responses-stream-final-without-usage',
    description: 'the response.completed event carries a response without usage',
    catches: [R('stream-final-response')],
    responses: (a) => {
      const last = a.events[a.events.length - 1];
      if (last?.type === 'response.completed') last.response = { ...(last.response as Obj), usage: null };
    },
  },
  {
    id: 'responses-stream-error-event-malformed',
    description: 'an error event mid-stream with no code and no param ({type, message} only)',
    // The SDKs throw on an error event (as they should): the replay reports the stream as one clients cannot finish.
    catches: [R('stream-error-event'), R('stream-sdk')],
    evidence: 'ResponseErrorEvent requires code and param (nullable); clients read them',
    responses: (a) => {
      if (!a.events.length) return;
      a.events.splice(1, 0, { type: 'error', message: 'upstream hiccup' });
      renumber(a);
    },
  },
  {
    id: 'responses-prestream-error-in-stream',
    description: 'a streamed request for an unknown model is answered 200, with the error as an event',
    catches: [R('stream-prestream-error')],
    evidence: 'wire-format.md 3.7: errors before streaming starts must be a non-2xx status',
    responsesRequest: (body, ctx) => {
      if (body.stream !== true || body.model !== 'oai-compat-no-such-model') return body;
      (ctx as FaultContext & { unknownModel?: unknown }).unknownModel = body.model;
      return { ...body, model: ctx.profile.target?.defaultModel ?? 'gpt-4o-mini' };
    },
    responses: (a, ctx) => {
      const model = (ctx as FaultContext & { unknownModel?: unknown }).unknownModel;
      if (model === undefined || !a.events.length) return;
      a.events = [a.events[0]!, { type: 'error', code: 'model_not_found', message: `The model '${String(model)}' does not exist.`, param: null }];
      renumber(a);
    },
  },
  {
    id: 'responses-errors-flat',
    description: 'errors of the Responses routes come as {"message": ...}, without the error envelope',
    catches: RESPONSES_ERROR_CASES,
    error: (reply, ctx) => {
      if (!isResponsesRoute(ctx)) return reply;
      const e = (reply.body as { error?: Obj } | undefined)?.error;
      return e ? { ...reply, body: { message: e.message } } : reply;
    },
  },
];
