/**
 * A non-streamed chat completion as the field probes read it: per choice the text, the finish_reason,
 * the tool calls and the logprobs; the usage counts. Only protocol fields — nothing here looks at what
 * the text says.
 */
import type { Exchange } from '../transport/types.js';
import { bodyJson } from '../transport/http.js';

export interface ChoiceView {
  index: number;
  /** `message.content` as text ('' when null or not a string). */
  content: string;
  /** `finish_reason`, with '' read as null. */
  finishReason: string | null;
  toolCalls: { name: string; arguments: string }[];
  /** Tokens in `logprobs.content`, or null when logprobs is null, absent or not an array. */
  logprobTokens: number | null;
  /** Per token, how many `top_logprobs` alternatives it carries. */
  topLogprobs: number[];
}

export interface CompletionView {
  choices: ChoiceView[];
  /** The `usage` object as sent (any of its counts may be missing, null or 0). */
  usage: Record<string, unknown> | null;
  json: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads a chat-completion body, or undefined when the body is not a JSON object with a `choices` array. */
export function readCompletion(ex: Exchange): CompletionView | undefined {
  const json = bodyJson(ex);
  if (!isObj(json) || !Array.isArray(json.choices)) return undefined;
  const choices = json.choices.filter(isObj).map((c, i): ChoiceView => {
    const msg = isObj(c.message) ? c.message : {};
    const lp = isObj(c.logprobs) && Array.isArray(c.logprobs.content) ? c.logprobs.content : null;
    const calls = Array.isArray(msg.tool_calls) ? msg.tool_calls.filter(isObj) : [];
    return {
      index: typeof c.index === 'number' ? c.index : i,
      content: typeof msg.content === 'string' ? msg.content : '',
      finishReason: typeof c.finish_reason === 'string' && c.finish_reason !== '' ? c.finish_reason : null,
      toolCalls: calls.map((t) => {
        const fn = isObj(t.function) ? t.function : {};
        // Not String(): a hostile {"toString": 1} has no string form and would throw.
        return {
          name: typeof fn.name === 'string' ? fn.name : '',
          arguments: typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? null),
        };
      }),
      logprobTokens: lp ? lp.length : null,
      topLogprobs: lp ? lp.map((t) => (isObj(t) && Array.isArray(t.top_logprobs) ? t.top_logprobs.length : 0)) : [],
    };
  });
  return { choices, usage: isObj(json.usage) ? json.usage : null, json };
}

/** The first choice's text, the one every single-choice probe compares. */
export function firstContent(v: CompletionView): string {
  return v.choices[0]?.content ?? '';
}
