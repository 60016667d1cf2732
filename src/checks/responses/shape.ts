/**
 * The Response object of OpenAI's Responses API (specs/sources/openai-responses-api.md): what each part must be,
 * as lists of problems (empty: it holds). Pure: reads parsed JSON, sends nothing. Also used on the Response the
 * terminal stream event carries and on a retrieved one.
 */
import { jsonType, preview } from '../json-path.js';

type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const STATUSES = ['completed', 'failed', 'in_progress', 'cancelled', 'queued', 'incomplete'];

/** id, object "response", created_at (Unix seconds), status, model. */
export function objectProblems(r: unknown, at = ''): string[] {
  if (!isObj(r)) return [`${at || 'the answer'} is ${jsonType(r)}, not a Response object`];
  const out: string[] = [];
  if (r.object !== 'response') out.push(`${at}object is ${preview(r.object, 30)}, not "response"`);
  if (typeof r.id !== 'string' || !r.id) out.push(`${at}id is ${preview(r.id, 30)}, not a non-empty string`);
  if (typeof r.created_at !== 'number' || r.created_at < 1e9 || r.created_at > 1e10)
    out.push(`${at}created_at is ${preview(r.created_at, 20)}, not Unix seconds`);
  if (!STATUSES.includes(r.status as string)) out.push(`${at}status is ${preview(r.status, 30)}, not a Response status`);
  if (typeof r.model !== 'string' || !r.model) out.push(`${at}model is ${preview(r.model, 30)}, not a string`);
  if (!Array.isArray(r.output)) out.push(`${at}output is ${jsonType(r.output)}, not an array`);
  return out;
}

export const outputItems = (r: Obj): Obj[] => (Array.isArray(r.output) ? (r.output as unknown[]).filter(isObj) : []);

/** Every item typed; message items: role assistant, content parts output_text (with a string text) or refusal. */
export function itemProblems(r: Obj): string[] {
  if (!Array.isArray(r.output)) return [`output is ${jsonType(r.output)}, not an array`];
  const out: string[] = [];
  (r.output as unknown[]).forEach((item, i) => {
    const at = `output[${i}]`;
    if (!isObj(item)) return void out.push(`${at} is ${jsonType(item)}, not an item`);
    if (typeof item.type !== 'string' || !item.type) return void out.push(`${at} has no type`);
    if (item.type !== 'message') return;
    if (item.role !== 'assistant') out.push(`${at}.role is ${preview(item.role, 30)}, not "assistant"`);
    if (!Array.isArray(item.content)) return void out.push(`${at}.content is ${jsonType(item.content)}, not an array`);
    (item.content as unknown[]).forEach((part, j) => {
      const pat = `${at}.content[${j}]`;
      if (!isObj(part) || typeof part.type !== 'string') return void out.push(`${pat} has no type`);
      if (part.type !== 'output_text' && part.type !== 'refusal') out.push(`${pat}.type is ${preview(part.type, 30)}, not output_text or refusal`);
      if (part.type === 'output_text' && typeof part.text !== 'string') out.push(`${pat}.text is ${jsonType(part.text)}, not a string`);
    });
  });
  if (r.status === 'completed' && !outputItems(r).length) out.push('status "completed" with an empty output');
  return out;
}

/** The text of every output_text part of the message items, joined (undefined when there is none). */
export function outputText(r: Obj): string | undefined {
  const parts = outputItems(r)
    .filter((i) => i.type === 'message' && Array.isArray(i.content))
    .flatMap((i) => (i.content as unknown[]).filter(isObj))
    .filter((p) => p.type === 'output_text' && typeof p.text === 'string');
  return parts.length ? parts.map((p) => p.text as string).join('') : undefined;
}

const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** input_tokens, output_tokens, total_tokens as non-negative integers, and the two details objects. */
export function usageProblems(r: Obj): string[] {
  const u = r.usage;
  if (!isObj(u)) return [`usage is ${jsonType(u)}, not an object`];
  const out: string[] = [];
  for (const k of ['input_tokens', 'output_tokens', 'total_tokens'])
    if (!count(u[k])) out.push(`usage.${k} is ${preview(u[k], 20)}, not a non-negative integer`);
  const chat = ['prompt_tokens', 'completion_tokens'].filter((k) => k in u);
  if (chat.length && out.length) out.unshift(`usage carries the chat completions names ${chat.join(', ')}`);
  if (!isObj(u.input_tokens_details)) out.push(`usage.input_tokens_details is ${jsonType(u.input_tokens_details)}, not an object`);
  if (!isObj(u.output_tokens_details)) out.push(`usage.output_tokens_details is ${jsonType(u.output_tokens_details)}, not an object`);
  return out;
}

/** The usage counts when all three are integers (undefined otherwise: `usage` reports that). */
export function usageCounts(r: Obj): { input: number; output: number; total: number } | undefined {
  const u = r.usage;
  if (!isObj(u) || !count(u.input_tokens) || !count(u.output_tokens) || !count(u.total_tokens)) return undefined;
  return { input: u.input_tokens as number, output: u.output_tokens as number, total: u.total_tokens as number };
}

export const functionCalls = (r: Obj): Obj[] => outputItems(r).filter((i) => i.type === 'function_call');

/** A function_call item: type, call_id, a declared name, arguments a JSON string of an object. */
export function functionCallProblems(item: Obj, declared: readonly string[], at: string): string[] {
  const out: string[] = [];
  if (typeof item.call_id !== 'string' || !item.call_id) out.push(`${at}.call_id is ${preview(item.call_id, 30)}, not a non-empty string`);
  if (typeof item.name !== 'string' || !declared.includes(item.name))
    out.push(`${at}.name is ${preview(item.name, 40)}, not a declared function (${declared.join(', ')})`);
  out.push(...argumentsProblems(item, at));
  return out;
}

/** arguments: a JSON string whose value is an object. */
export function argumentsProblems(item: Obj, at: string): string[] {
  if (typeof item.arguments !== 'string') return [`${at}.arguments is ${jsonType(item.arguments)}, not a JSON string`];
  try {
    const v: unknown = JSON.parse(item.arguments);
    return isObj(v) ? [] : [`${at}.arguments is JSON ${jsonType(v)}, not an object`];
  } catch {
    return [`${at}.arguments is not JSON: ${preview(item.arguments, 80)}`];
  }
}
