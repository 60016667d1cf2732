/**
 * The Responses API in the emulator (`POST /responses`, `GET /responses/{id}`), served wherever the profile
 * declares it (src/checks/responses/declared.ts), over the chat generator the way Bifrost and llama.cpp serve it:
 * the request becomes a chat request (instructions → a system message, input → messages, function tools,
 * tool_choice, text.format → response_format, max_output_tokens → max_tokens), and the completion becomes a
 * Response (a message item with an output_text part, function_call items, usage in input/output/total tokens).
 *
 * It models OpenAI's Responses API, not the profile's chat deviations: the generator sees the profile with the
 * OpenAI reference's request/message/response/stream rows (its models, limits and error envelope stay), so a provider whose
 * chat endpoint ignores tools still answers function tools here; a documented Responses deviation is the
 * `responses` rows' to state. Stored responses (store defaults to true) live in one bounded map per process,
 * keyed by random ids, for retrieval and previous_response_id; none is stored where the profile declares retrieval
 * unsupported (a stateless provider).
 *
 * Faults: `fault.responses` rewrites the whole answer (the Response and its event list) before it is sent;
 * `fault.operation('responses' | 'responses.event')` is applied too, as for every other operation.
 */
import { randomBytes } from 'node:crypto';
import type { Profile } from '../../spec/profile.types.js';
import { loadProfile } from '../../spec/load.js';
import { handleChat, type ChatResult } from '../chat.js';
import type { RequestContext } from '../context.js';
import { writeSse } from '../sse-write.js';
import { responsesDeclared, responsesPath } from '../../checks/responses/declared.js';
import type { ResponsesAnswer } from '../faults/types.js';

type Obj = Record<string, unknown>;

/** Stored responses, oldest first; bounded so a long-lived `serve` does not grow without end. */
const STORE = new Map<string, Obj>();
const STORE_MAX = 500;

function remember(response: Obj): void {
  STORE.set(String(response.id), response);
  while (STORE.size > STORE_MAX) STORE.delete(STORE.keys().next().value as string);
}

const hex = () => randomBytes(12).toString('hex');

let reference: Profile | undefined;

/** The profile as the Responses generator sees it: its models, limits and errors, OpenAI's request semantics. */
function neutral(profile: Profile): Profile {
  reference ??= loadProfile('openai').profile;
  const { extensions: _e, ...rest } = profile;
  return { ...rest, request: reference.request, messages: reference.messages, response: reference.response, stream: reference.stream } as Profile;
}

/** Answers `/responses` and `/responses/{id}` when the profile serves the operation; false otherwise. */
export async function responsesRoutes(ctx: RequestContext, readJsonBody: (ctx: RequestContext) => Promise<unknown>): Promise<boolean> {
  const profile = ctx.opts.profile;
  if (responsesDeclared(profile) !== 'supported') return false;
  const path = responsesPath(profile);
  if (ctx.route === path && ctx.req.method === 'POST') {
    const body = await readJsonBody(ctx);
    if (typeof body === 'symbol') return true;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      ctx.sendError('non-object-body', { status: 400, message: 'The request body must be a JSON object.' });
      return true;
    }
    ctx.fctx.body = body;
    await create(ctx, body as Obj);
    return true;
  }
  if (ctx.route.startsWith(`${path}/`) && ctx.req.method === 'GET') {
    const id = decodeURIComponent(ctx.route.slice(path.length + 1));
    const stored = STORE.get(id);
    if (!stored) ctx.sendError('responses.not-found', { status: 404, message: `Response with id '${id}' not found.` });
    else sendResponse(ctx, { response: structuredClone(stored), events: [] });
    return true;
  }
  return false;
}

const bad = (ctx: RequestContext, message: string, param: string | null, status = 400, code: string | null = null) =>
  ctx.sendError('responses.invalid', { status, param, code, message });

/** Input (a string, or messages whose content is a string or text parts) plus instructions as chat messages. */
function messagesOf(body: Obj, previous: Obj | undefined): Obj[] | undefined {
  const out: Obj[] = [];
  if (typeof body.instructions === 'string') out.push({ role: 'system', content: body.instructions });
  if (previous) {
    // The earlier turn's text as context (its instructions are not carried over, as OpenAI documents).
    const text = outputText(previous);
    if (text) out.push({ role: 'assistant', content: text });
  }
  if (typeof body.input === 'string') return [...out, { role: 'user', content: body.input }];
  if (!Array.isArray(body.input) || !body.input.length) return undefined;
  for (const item of body.input as Obj[]) {
    const content =
      typeof item?.content === 'string'
        ? item.content
        : Array.isArray(item?.content)
          ? (item.content as Obj[]).map((p) => String(p?.text ?? '')).join(' ')
          : undefined;
    if (content === undefined || typeof item.role !== 'string') return undefined;
    out.push({ role: item.role, content });
  }
  return out;
}

function outputText(r: Obj): string {
  const items = Array.isArray(r.output) ? (r.output as Obj[]) : [];
  return items
    .filter((i) => i.type === 'message')
    .flatMap((i) => (Array.isArray(i.content) ? (i.content as Obj[]) : []))
    .map((p) => (p.type === 'output_text' ? String(p.text ?? '') : ''))
    .join('');
}

/** The Responses request as a chat request (undefined fields left out). */
function chatBody(body: Obj, messages: Obj[]): Obj {
  const out: Obj = { model: body.model, messages, stream: body.stream === true };
  if (body.max_output_tokens !== undefined) out.max_tokens = body.max_output_tokens;
  for (const k of ['temperature', 'top_p', 'user', 'metadata', 'parallel_tool_calls']) if (k in body) out[k] = body[k];
  if (Array.isArray(body.tools)) {
    out.tools = (body.tools as Obj[]).map((t) =>
      t?.type === 'function' ? { type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } } : t,
    );
  }
  const tc = body.tool_choice as Obj | string | undefined;
  if (typeof tc === 'string') out.tool_choice = tc;
  else if (tc && typeof tc === 'object' && tc.type === 'function') out.tool_choice = { type: 'function', function: { name: tc.name } };
  const format = (body.text as Obj | undefined)?.format as Obj | undefined;
  if (format?.type === 'json_object') out.response_format = { type: 'json_object' };
  else if (format?.type === 'json_schema')
    out.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: format.strict } };
  return out;
}

/** The request field of each `responses` row that is about one (a row declared unsupported refuses it). */
const ROW_FIELDS: Record<string, string> = {
  instructions: 'instructions',
  'max-output-tokens': 'max_output_tokens',
  'previous-response-id': 'previous_response_id',
  store: 'store',
};

async function create(ctx: RequestContext, raw: Obj): Promise<void> {
  const body = ctx.fault?.responsesRequest ? ctx.fault.responsesRequest({ ...raw }, ctx.fctx) : raw;
  const refusal = ctx.fault?.refuseResponses?.(body, ctx.fctx);
  if (refusal) return ctx.sendAnswer('responses', refusal);
  const mot = body.max_output_tokens;
  if (mot !== undefined && mot !== null && (typeof mot !== 'number' || !Number.isInteger(mot) || mot < 1)) {
    return bad(
      ctx,
      `Invalid type for 'max_output_tokens': expected an integer, but got ${typeof mot === 'string' ? 'a string' : typeof mot} instead.`,
      'max_output_tokens',
    );
  }
  // A request field whose row the profile declares unsupported is refused, as that provider documents.
  for (const [key, field] of Object.entries(ROW_FIELDS)) {
    if (ctx.opts.profile.responses?.[key]?.status === 'unsupported' && body[field] !== undefined) {
      return bad(ctx, `Unsupported parameter: '${field}' is not supported with this model.`, field, 400, 'unsupported_parameter');
    }
  }
  let previous: Obj | undefined;
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    previous = STORE.get(String(body.previous_response_id));
    if (!previous)
      return bad(
        ctx,
        `Previous response with id '${String(body.previous_response_id)}' not found.`,
        'previous_response_id',
        400,
        'previous_response_not_found',
      );
  }
  const messages = messagesOf(body, previous);
  if (!messages) return bad(ctx, "Invalid 'input': expected a string or an array of messages.", 'input');
  const result: ChatResult = handleChat(neutral(ctx.opts.profile), chatBody(body, messages));
  if (result.kind === 'error') return ctx.sendAnswer(result.caseId, result.answer);
  const response = toResponse(body, result.completion);
  // Stored as generated: a fault edits what is sent, not what a later retrieval finds. A profile whose retrieve row
  // is unsupported documents a stateless API (nothing is kept), so nothing is stored and GET finds nothing.
  if (body.store !== false && ctx.opts.profile.responses?.retrieve?.status !== 'unsupported') remember(structuredClone(response));
  const answer: ResponsesAnswer = { response, events: result.stream ? eventsOf(response, result.chunks) : [] };
  if (result.stream) await writeEvents(ctx, answer);
  else sendResponse(ctx, answer);
}

function toResponse(body: Obj, c: Obj): Obj {
  const choice = ((Array.isArray(c.choices) ? c.choices[0] : undefined) ?? {}) as Obj;
  const message = (choice.message ?? {}) as Obj;
  const output: Obj[] = [];
  const text = typeof message.content === 'string' ? message.content : '';
  if (text || !Array.isArray(message.tool_calls)) {
    output.push({ type: 'message', id: `msg_${hex()}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
  }
  for (const tc of (message.tool_calls as Obj[] | undefined) ?? []) {
    const fn = (tc.function ?? {}) as Obj;
    output.push({ type: 'function_call', id: `fc_${hex()}`, call_id: tc.id, name: fn.name, arguments: fn.arguments, status: 'completed' });
  }
  const u = (c.usage ?? {}) as Obj;
  const incomplete = choice.finish_reason === 'length';
  const input = Number(u.prompt_tokens ?? 0);
  const out = Number(u.completion_tokens ?? 0);
  return {
    id: `resp_${hex()}`,
    object: 'response',
    created_at: c.created,
    status: incomplete ? 'incomplete' : 'completed',
    completed_at: incomplete ? null : c.created,
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: (body.text as Obj | undefined)?.format ?? { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    usage: {
      input_tokens: input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: out,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + out,
    },
    metadata: body.metadata ?? {},
  };
}

/** The typed events of a streamed response: created, each item opened, its deltas, closed, then the terminal event. */
function eventsOf(response: Obj, chunks: Obj[]): Obj[] {
  const deltas = chunks
    .flatMap((ch) => (Array.isArray(ch.choices) ? (ch.choices as Obj[]) : []).filter((x) => x.index === 0).map((x) => (x.delta as Obj | undefined)?.content))
    .filter((t): t is string => typeof t === 'string' && t !== '');
  const events: Obj[] = [{ type: 'response.created', response: { ...response, status: 'in_progress', output: [], usage: null } }];
  (response.output as Obj[]).forEach((item, output_index) => {
    if (item.type === 'message') {
      const part = (item.content as Obj[])[0]!;
      const item_id = item.id;
      events.push({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', content: [] } });
      events.push({ type: 'response.content_part.added', item_id, output_index, content_index: 0, part: { ...part, text: '' } });
      for (const delta of deltas) events.push({ type: 'response.output_text.delta', item_id, output_index, content_index: 0, delta, logprobs: [] });
      events.push({ type: 'response.output_text.done', item_id, output_index, content_index: 0, text: part.text, logprobs: [] });
      events.push({ type: 'response.content_part.done', item_id, output_index, content_index: 0, part });
    } else {
      events.push({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      events.push({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index, delta: item.arguments });
      events.push({ type: 'response.function_call_arguments.done', item_id: item.id, output_index, arguments: item.arguments });
    }
    events.push({ type: 'response.output_item.done', output_index, item });
  });
  events.push({ type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response });
  return events.map((e, sequence_number) => ({ ...e, sequence_number }));
}

function sendResponse(ctx: RequestContext, answer: ResponsesAnswer): void {
  ctx.fault?.responses?.(answer, ctx.fctx);
  ctx.fault?.operation?.('responses', answer.response, ctx.fctx);
  ctx.sendJson(200, answer.response);
}

/** One `event: <type>` + `data:` block per event (as OpenAI sends them); no [DONE]. */
async function writeEvents(ctx: RequestContext, answer: ResponsesAnswer): Promise<void> {
  ctx.fault?.responses?.(answer, ctx.fctx);
  await writeSse(ctx, answer.events, {
    what: 'responses.event',
    nameOf: (e, i) => (answer.eventName ? answer.eventName(e, i) : typeof e.type === 'string' ? e.type : undefined),
  });
}
