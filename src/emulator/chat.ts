/**
 * POST /chat/completions in the emulator: validate as OpenAI does, then honour, ignore or reject each
 * field as the profile declares, generate, and shape the answer (non-streamed object or stream chunks)
 * with the profile's response rows applied (always-empty fields emptied, absent ones removed).
 */
import { randomBytes } from 'node:crypto';
import type { Profile } from '../spec/profile.types.js';
import { generate, countTokens, type GenerationControls, type Generation, type ToolSpec, instanceOf, prng, hash32 } from './generator.js';
import {
  requestRowFor,
  isDefaultValue,
  honours,
  errorAnswer,
  knownModels,
  appliesToModel,
  messageStringFields,
  placeholderOf,
  type ErrorAnswer,
} from './profile-view.js';
import { legacyFunctionControls, asLegacyFunctionCall } from './legacy-functions.js';

export type ChatResult =
  | { kind: 'error'; caseId: string; answer: ErrorAnswer }
  | { kind: 'ok'; stream: boolean; completion: Record<string, unknown>; chunks: Record<string, unknown>[] };

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

type Body = Record<string, unknown>;

/** A client value as text: String() throws on a hostile {"toString": 1}, JSON.stringify does not. */
const str = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

function fail(profile: Profile, caseId: string, status: number, message: string, param: string | null = null, code: string | null = null): ChatResult {
  return { kind: 'error', caseId, answer: errorAnswer(profile, caseId, { status, param, code, message }) };
}

export function handleChat(profile: Profile, raw: unknown): ChatResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(profile, 'non-object-body', 400, 'The request body must be a JSON object.');
  }
  const body = raw as Body;
  if (body.model === undefined) return fail(profile, 'missing-model', 400, 'you must provide a model parameter', 'model');
  if (typeof body.model !== 'string') return fail(profile, 'missing-model', 400, "Invalid type for 'model': expected a string.", 'model');
  if (body.messages === undefined) return fail(profile, 'missing-messages', 400, "Missing required parameter: 'messages'.", 'messages');
  if (!Array.isArray(body.messages)) return fail(profile, 'missing-messages', 400, "Invalid type for 'messages': expected an array.", 'messages');
  if (body.messages.length === 0)
    return fail(profile, 'empty-messages', 400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages', 'empty_array');

  const messageError = checkMessages(profile, body.messages, body.model);
  if (messageError) return messageError;

  if (!knownModels(profile).includes(body.model)) {
    return fail(profile, 'unknown-model', 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, null, 'model_not_found');
  }

  // Decide, field by field, what reaches the generator.
  const honoured: Body = {};
  const validated: Body = {};
  for (const [field, value] of Object.entries(body)) {
    if (field === 'model' || field === 'messages') continue;
    const { key, row } = requestRowFor(profile, field, value, str(body.model));
    if (!row) {
      if (profile.target?.unknownFields === 'reject') return fail(profile, 'unknown-field', 400, `Unrecognized request argument supplied: ${field}`, field);
      continue;
    }
    if (row.status === 'rejected' && !isDefaultValue(field, value)) {
      const e = row.error ?? {};
      const status = typeof e.status === 'number' ? e.status : 400;
      return {
        kind: 'error',
        caseId: `request.${key}`,
        answer: errorAnswer(profile, `request.${key}`, {
          status,
          param: 'param' in e ? (e.param ?? null) : field,
          code: e.code ?? null,
          message: `'${field}' is not supported by this provider.`,
        }),
      };
    }
    if (honours(row)) honoured[field] = value;
    // Fields the provider forwards (honoured, or "unsupported": passed to an engine that may reject them) are
    // range-checked; fields it documents as ignored or stripped are never read, so never validated.
    if (honours(row) || row.status === 'unsupported') validated[field] = value;
  }

  const typeError = checkTypes(profile, body);
  if (typeError) return typeError;
  const rangeError = checkRanges(profile, validated);
  if (rangeError) return rangeError;

  const stream = honoured.stream === true;
  const legacy = legacyFunctionControls(honoured);
  const gen = generate({ ...controlsFrom(profile, body.messages as Body[], honoured), ...legacy });
  const completion = shapeCompletion(profile, body.model, gen);
  if (legacy) asLegacyFunctionCall(completion);
  const chunks = stream ? shapeChunks(profile, completion, gen, honoured) : [];
  return { kind: 'ok', stream, completion, chunks };
}

function checkMessages(profile: Profile, messages: unknown[], model: string): ChatResult | undefined {
  const rows = profile.messages ?? {};
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Body;
    if (!m || typeof m !== 'object') return fail(profile, 'unknown-role', 400, `Invalid type for 'messages[${i}]': expected an object.`, `messages[${i}]`);
    if (typeof m.role !== 'string' || !ROLES.has(m.role)) {
      return fail(
        profile,
        'unknown-role',
        400,
        `Invalid value: '${str(m.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${i}].role`,
        'invalid_value',
      );
    }
    const roleRow = rows[`role.${String(m.role)}`];
    if (roleRow?.status === 'rejected')
      return fail(
        profile,
        `message.role.${String(m.role)}`,
        (roleRow.error?.status as number) ?? 400,
        `The '${String(m.role)}' role is not supported.`,
        roleRow.error?.param ?? `messages[${i}].role`,
      );
    if (Array.isArray(m.content)) {
      const partsRow = rows['content.parts'];
      if (partsRow?.status === 'rejected')
        return fail(profile, 'message.content.parts', 400, 'Message content must be a string.', partsRow.error?.param ?? `messages[${i}].content`);
      const image = m.content.some((p) => (p as Body)?.type === 'image_url');
      const imageRow = rows['content.image'];
      if (image && imageRow?.status === 'rejected')
        return fail(profile, 'message.content.image', 400, 'Image input is not supported.', imageRow.error?.param ?? `messages[${i}].content`);
    }
    if (
      m.role === 'tool' &&
      rows['tool_call_id.mismatch']?.status === 'rejected' &&
      appliesToModel(rows['tool_call_id.mismatch'], model) &&
      !answersIssuedCall(messages, i)
    ) {
      const row = rows['tool_call_id.mismatch'];
      return fail(
        profile,
        'message.tool_call_id.mismatch',
        (row.error?.status as number) ?? 400,
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        row.error?.param ?? `messages.[${i}].role`,
      );
    }
    // Any message field the profile declares rejected (a provider's own, like reasoning_content sent back, too).
    for (const field of Object.keys(m).filter((k) => k !== 'role' && k !== 'content')) {
      const row = rows[field];
      if (row?.status === 'rejected' && appliesToModel(row, model))
        return fail(profile, `message.${field}`, 400, `'messages[${i}].${field}' is not supported.`, row.error?.param ?? `messages[${i}].${field}`);
    }
  }
  return undefined;
}

/** Does the tool message at `i` answer a call the nearest assistant turn before it issued (OpenAI's rule)? */
function answersIssuedCall(messages: unknown[], i: number): boolean {
  const id = (messages[i] as Body).tool_call_id;
  for (let j = i - 1; j >= 0; j--) {
    const m = messages[j] as Body;
    if (m?.role === 'tool') continue;
    if (m?.role !== 'assistant' || !Array.isArray(m.tool_calls)) return false;
    return m.tool_calls.some((c) => (c as Body)?.id === id);
  }
  return false;
}

/** Types are checked for every field, as a typed request model does (Parallel's reference types ignored fields too). */
function checkTypes(profile: Profile, f: Body): ChatResult | undefined {
  if ('temperature' in f && f.temperature !== null && !(typeof f.temperature === 'number' && Number.isFinite(f.temperature))) {
    return fail(
      profile,
      'wrong-type-temperature',
      400,
      `Invalid type for 'temperature': expected a decimal, but got ${typeof f.temperature} instead.`,
      'temperature',
      'invalid_type',
    );
  }
  return undefined;
}

/** OpenAI's ranges, for the fields the provider reads (see `validated` above). */
function checkRanges(profile: Profile, f: Body): ChatResult | undefined {
  if ('temperature' in f && typeof f.temperature === 'number' && (f.temperature < 0 || f.temperature > 2)) {
    return fail(
      profile,
      'temperature-out-of-range',
      400,
      `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${f.temperature} instead.`,
      'temperature',
      'decimal_above_max_value',
    );
  }
  if ('n' in f && f.n !== null) {
    if (!Number.isInteger(f.n)) return fail(profile, 'n-zero', 400, "Invalid type for 'n': expected an integer.", 'n', 'invalid_type');
    if ((f.n as number) < 1)
      return fail(
        profile,
        'n-zero',
        400,
        `Invalid 'n': integer below minimum value. Expected a value >= 1, but got ${f.n} instead.`,
        'n',
        'integer_below_min_value',
      );
    if ((f.n as number) > 128)
      return fail(
        profile,
        'n-too-large',
        400,
        `Invalid 'n': integer above maximum value. Expected a value <= 128, but got ${f.n} instead.`,
        'n',
        'integer_above_max_value',
      );
  }
  if ('top_logprobs' in f && f.top_logprobs !== null) {
    if (!Number.isInteger(f.top_logprobs) || (f.top_logprobs as number) < 0 || (f.top_logprobs as number) > 20) {
      return fail(
        profile,
        'top-logprobs-out-of-range',
        400,
        `Invalid 'top_logprobs': integer above maximum value. Expected a value <= 20, but got ${str(f.top_logprobs)} instead.`,
        'top_logprobs',
        'integer_above_max_value',
      );
    }
  }
  if (Array.isArray(f.stop) && f.stop.length > 4) {
    return fail(
      profile,
      'too-many-stop',
      400,
      `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${f.stop.length} instead.`,
      'stop',
      'array_above_max_length',
    );
  }
  if (f.stream_options != null && f.stream !== true) {
    return fail(profile, 'stream-options-without-stream', 400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  for (const k of ['max_tokens', 'max_completion_tokens'] as const) {
    if (k in f && f[k] !== null && (!Number.isInteger(f[k]) || (f[k] as number) < 1)) {
      return fail(profile, `request.${k}`, 400, `Invalid '${k}': expected a positive integer.`, k, 'invalid_value');
    }
  }
  return undefined;
}

/** A message's text as the model sees it; array content only where the profile does not drop parts. */
function messageText(profile: Profile, m: Body): string {
  if (typeof m.content === 'string') return m.content;
  if (Array.isArray(m.content) && !drops(profile.messages?.['content.parts']))
    return m.content.map((p) => ((p as Body)?.type === 'text' ? str((p as Body).text ?? '') : '')).join(' ');
  return '';
}

/** Declared ignored or stripped: accepted, then dropped before the model (a missing row drops nothing). */
function drops(row: { status: string } | undefined): boolean {
  return row?.status === 'ignored' || row?.status === 'stripped';
}

/** The prompt as the model sees it: messages of a dropped role left out, names only where honoured. */
function renderConversation(profile: Profile, messages: Body[]): string {
  // Names only count where the profile honours them (Parallel supports messages[].name).
  const nameHonoured = honours(profile.messages?.name);
  return messages
    .filter((m) => !drops(profile.messages?.[`role.${String(m.role)}`]))
    .map((m) => `${String(m.role)}${nameHonoured && m.name ? ` (${str(m.name)})` : ''}: ${messageText(profile, m)}`)
    .join('\n');
}

function toolSpecs(f: Body): ToolSpec[] | undefined {
  return Array.isArray(f.tools)
    ? (f.tools as Body[])
        .filter((t) => t?.type === 'function')
        .map((t) => ({ name: str((t.function as Body)?.name), parameters: (t.function as Body)?.parameters }))
    : undefined;
}

/** The prompt tokens a request's tool definitions add (what a server that does not count them leaves out). */
export function toolDefinitionTokens(f: Body): number {
  const tools = toolSpecs(f);
  return tools?.length ? countTokens(JSON.stringify(tools)) : 0;
}

function controlsFrom(profile: Profile, messages: Body[], f: Body): GenerationControls {
  const rf = f.response_format as Body | undefined;
  let responseFormat: GenerationControls['responseFormat'];
  if (rf?.type === 'json_object') responseFormat = { type: 'json_object' };
  else if (rf?.type === 'json_schema') {
    const row = profile.request?.['response_format.json_schema'];
    responseFormat =
      row?.status === 'partial' && row.fallback === 'json_object'
        ? { type: 'json_object' }
        : { type: 'json_schema', schema: (rf.json_schema as Body | undefined)?.schema };
  }
  const tools = toolSpecs(f);
  const tc = f.tool_choice as Body | string | undefined;
  const toolChoice = typeof tc === 'object' && tc ? { name: str((tc.function as Body)?.name) } : (tc as GenerationControls['toolChoice']);
  return {
    conversation: renderConversation(profile, messages),
    temperature: f.temperature as number | undefined,
    topP: f.top_p as number | undefined,
    seed: typeof f.seed === 'number' ? f.seed : undefined,
    maxTokens: (f.max_completion_tokens ?? f.max_tokens) as number | undefined,
    stop: typeof f.stop === 'string' ? [f.stop] : Array.isArray(f.stop) ? f.stop.filter((s): s is string => typeof s === 'string') : undefined,
    n: f.n as number | undefined,
    logprobs: f.logprobs === true,
    topLogprobs: f.top_logprobs as number | undefined,
    responseFormat,
    tools: tools?.length ? tools : undefined,
    toolChoice: tools?.length ? (toolChoice ?? 'auto') : undefined,
    parallelToolCalls: f.parallel_tool_calls as boolean | undefined,
    prediction: typeof (f.prediction as Body | undefined)?.content === 'string' ? String((f.prediction as Body).content) : undefined,
  };
}

function shapeCompletion(profile: Profile, model: string, gen: Generation): Record<string, unknown> {
  const completion: Record<string, unknown> = {
    id: `chatcmpl-${randomBytes(12).toString('base64url')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: gen.choices.map((c) => ({
      index: c.index,
      message: {
        role: 'assistant',
        content: c.content,
        refusal: null,
        annotations: [],
        ...(c.toolCalls.length
          ? { tool_calls: c.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })) }
          : {}),
      },
      logprobs: c.logprobs ? { content: c.logprobs, refusal: null } : null,
      finish_reason: c.finishReason,
    })),
    usage: usageObject(gen),
    service_tier: 'default',
    system_fingerprint: 'fp_oai_compat_emulator',
  };
  addExtensions(profile, model, completion);
  applyResponseRows(profile, completion, undefined, model);
  return completion;
}

function usageObject(gen: Generation): Record<string, unknown> {
  return {
    prompt_tokens: gen.promptTokens,
    completion_tokens: gen.completionTokens,
    total_tokens: gen.promptTokens + gen.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: gen.predictionTokens },
  };
}

/** Extension fields declared for this model (Parallel's `basis` on research models), generated from their schema. */
function addExtensions(profile: Profile, model: string, target: Record<string, unknown>): void {
  for (const [name, ext] of Object.entries(profile.extensions ?? {})) {
    if (ext.in !== 'response') continue;
    const onModel = ext.models ? ext.models.includes(model) : true;
    const modelRow = profile.models?.[model];
    if (onModel || modelRow?.extensions?.includes(name)) target[name] = instanceOf(ext.schema, prng(hash32(`${model}|${name}`)));
  }
}

/** Response rows that change the shape: `empty` → emptied, `absent` → removed, `length` → array cut, populated counts kept. */
export function applyResponseRows(profile: Profile, obj: Record<string, unknown>, only?: (path: string) => boolean, model?: string): void {
  for (const [path, row] of Object.entries(profile.response ?? {})) {
    if (only && !only(path)) continue;
    // A row for other models leaves this model's answer as OpenAI's.
    if (!appliesToModel(row, model)) continue;
    const leaf = path.split('.').pop()!.replace(/\[\]$/, '');
    if ((row.status === 'populated' || row.status === 'present') && [row.type].flat()[0] === 'string' && row.const === undefined) {
      // A provider's own string field (reasoning_content) the generator does not write.
      setAtPath(obj, path, (v) => (v === undefined ? placeholderOf('string', leaf) : v), true);
    }
    if (row.status === 'empty') setAtPath(obj, path, (v) => emptyLike(v));
    else if (row.status === 'absent') setAtPath(obj, path, () => REMOVE);
    else if ((row.status === 'populated' || row.status === 'present' || row.status === 'optional') && row.type === 'integer') {
      // Declared fields the generator does not produce (FlexAI's usage.cache_*_input_tokens) appear as zero.
      setAtPath(obj, path, (v) => (v === undefined ? 0 : v), true);
    }
    if (typeof row.length === 'number') setAtPath(obj, path, (v) => (Array.isArray(v) ? v.slice(0, row.length) : v));
  }
}

const REMOVE = Symbol('remove');

function emptyLike(v: unknown): unknown {
  if (typeof v === 'string') return '';
  if (Array.isArray(v)) return [];
  return null;
}

/** Applies `fn` at a JSON path with `[]` for every array element; `create` adds a missing leaf. */
function setAtPath(obj: unknown, path: string, fn: (v: unknown) => unknown, create = false): void {
  const parts = path.split('.');
  const walk = (node: unknown, i: number): void => {
    if (node === null || typeof node !== 'object') return;
    let key = parts[i];
    const each = key.endsWith('[]');
    if (each) key = key.slice(0, -2);
    const rec = node as Record<string, unknown>;
    if (i === parts.length - 1 && !each) {
      if (!(key in rec) && !create) return;
      const next = fn(rec[key]);
      if (next === REMOVE) delete rec[key];
      else rec[key] = next;
      return;
    }
    const child = rec[key];
    if (each) {
      if (!Array.isArray(child)) return;
      if (i === parts.length - 1) {
        rec[key] = child.map((c) => fn(c)).filter((c) => c !== REMOVE);
        return;
      }
      for (const c of child) walk(c, i + 1);
    } else walk(child, i + 1);
  };
  walk(obj, 0);
}

/**
 * Stream chunks for a completion, in OpenAI's order: per choice a role chunk, content (or tool-call)
 * fragments, a finish chunk; then, as the profile declares, a usage chunk with `choices: []`.
 */
function shapeChunks(profile: Profile, completion: Record<string, unknown>, gen: Generation, f: Body): Record<string, unknown>[] {
  const base = {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    system_fingerprint: completion.system_fingerprint,
  };
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...base, choices, ...extra });
  const out: Record<string, unknown>[] = [];
  for (const c of gen.choices) {
    out.push(
      chunk([{ index: c.index, delta: { role: 'assistant', content: c.toolCalls.length ? null : '', refusal: null }, logprobs: null, finish_reason: null }]),
    );
    // The provider's own message string fields (reasoning_content) stream as deltas of their own, before the content.
    const message = ((completion.choices as Body[])[c.index]?.message ?? {}) as Body;
    for (const name of messageStringFields(profile, str(completion.model))) {
      if (typeof message[name] === 'string') out.push(chunk([{ index: c.index, delta: { [name]: message[name] }, logprobs: null, finish_reason: null }]));
    }
    c.tokens.forEach((t, i) => {
      out.push(
        chunk([{ index: c.index, delta: { content: t }, logprobs: c.logprobs ? { content: [c.logprobs[i]], refusal: null } : null, finish_reason: null }]),
      );
    });
    c.toolCalls.forEach((tc, k) => {
      out.push(
        chunk([
          {
            index: c.index,
            delta: { tool_calls: [{ index: k, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } }] },
            logprobs: null,
            finish_reason: null,
          },
        ]),
      );
      for (const piece of tc.arguments.match(/.{1,8}/gs) ?? []) {
        out.push(chunk([{ index: c.index, delta: { tool_calls: [{ index: k, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }]));
      }
    });
  }
  const usageMode = profile.stream?.['usage-chunk']?.status ?? 'on-request';
  const asked = (f.stream_options as Body | undefined)?.include_usage === true;
  const usage = usageObject(gen);
  const finishChunks = gen.choices.map((c) => chunk([{ index: c.index, delta: {}, logprobs: null, finish_reason: c.finishReason }]));
  if (usageMode === 'on-finish-chunk' && finishChunks.length) finishChunks[finishChunks.length - 1].usage = usage;
  out.push(...finishChunks);
  if (usageMode === 'always' || (usageMode === 'on-request' && asked)) out.push(chunk([], { usage }));
  // The response table's always-empty fields are empty in chunks too (top level and choices). An always-empty
  // finish_reason is never set, so it stays at the chunk schema's own "not finished" value, null, not "".
  const neverFinishes = profile.response?.['choices[].finish_reason']?.status === 'empty';
  for (const c of out) {
    applyResponseRows(
      profile,
      c,
      (p) => !p.startsWith('choices[].message') && !p.startsWith('usage') && p !== 'choices' && !(neverFinishes && p === 'choices[].finish_reason'),
      str(completion.model),
    );
    if (neverFinishes) for (const ch of c.choices as Body[]) ch.finish_reason = null;
  }
  honourStreamAssertions(profile, out, str(completion.model));
  return out;
}

/**
 * Stream rules declared in YAML (`assert:`) that the profile requires: `none` removes the path from every chunk;
 * `some` sets it (a placeholder of the declared type) on the first chunk that has its parent, unless some chunk
 * already carries it; `every` on every chunk that has its parent. Forbidden and optional rules are left alone.
 */
function honourStreamAssertions(profile: Profile, chunks: Record<string, unknown>[], model: string): void {
  for (const row of Object.values(profile.stream ?? {})) {
    const a = row.assert;
    if (!a || row.status !== 'required' || !appliesToModel(row, model)) continue;
    const leaf = a.path.split('.').pop()!.replace(/\[\]$/, '');
    if (a.present === 'none') {
      for (const c of chunks) setAtPath(c, a.path, () => REMOVE);
      continue;
    }
    const value = placeholderOf(a.type ?? 'string', leaf);
    const carried = (c: Record<string, unknown>) => {
      let found = false;
      setAtPath(c, a.path, (v) => {
        if (v !== undefined && v !== null) found = true;
        return v;
      });
      return found;
    };
    if (a.present === 'some' && chunks.some(carried)) continue;
    for (const c of a.present === 'every' ? chunks : chunks.slice(0, 1)) setAtPath(c, a.path, (v) => (v === undefined || v === null ? value : v), true);
  }
}
