/**
 * Rebuild the completion a stream carried, from plain JSON chunks, the way the SDK helpers accumulate it:
 * content and refusal concatenated per choice, tool-call fragments joined by (choice, index), the last
 * non-null finish_reason, the usage chunk. It is lenient on purpose (it keeps what a strict SDK would drop,
 * such as tool-call fragments with no index) so that comparing it with an SDK's result shows what the SDK lost.
 */
import { isObject, jsonText } from './util.js';

export interface ReassembledToolCall {
  /** The fragments' `index`; -1 groups fragments that carried none. */
  index: number;
  id?: string;
  type?: string;
  name?: string;
  /** Concatenated `function.arguments` (non-string fragments are JSON-stringified). */
  arguments: string;
  fragments: number;
}

export interface ReassembledChoice {
  index: number;
  role?: string;
  content: string;
  refusal: string;
  toolCalls: ReassembledToolCall[];
  /** The last non-null finish_reason seen for the choice, or null. */
  finishReason: string | null;
}

export interface Reassembled {
  id?: string;
  model?: string;
  created?: number;
  choices: ReassembledChoice[];
  /** The last non-null usage object seen. */
  usage?: Record<string, unknown>;
  chunks: number;
}

export function reassemble(chunks: Iterable<unknown>): Reassembled {
  const out: Reassembled = { choices: [], chunks: 0 };
  const byIndex = new Map<number, ReassembledChoice>();
  const calls = new Map<ReassembledChoice, Map<number, ReassembledToolCall>>();
  for (const chunk of chunks) {
    out.chunks++;
    if (!isObject(chunk)) continue;
    if (out.id === undefined && typeof chunk.id === 'string') out.id = chunk.id;
    if (out.model === undefined && typeof chunk.model === 'string') out.model = chunk.model;
    if (out.created === undefined && typeof chunk.created === 'number') out.created = chunk.created;
    if (isObject(chunk.usage)) out.usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) continue;
    for (const raw of chunk.choices) {
      if (!isObject(raw)) continue;
      const idx = typeof raw.index === 'number' ? raw.index : 0;
      let choice = byIndex.get(idx);
      if (!choice) {
        choice = { index: idx, content: '', refusal: '', toolCalls: [], finishReason: null };
        byIndex.set(idx, choice);
        calls.set(choice, new Map());
      }
      if (typeof raw.finish_reason === 'string' && raw.finish_reason !== '') choice.finishReason = raw.finish_reason;
      const delta = raw.delta;
      if (!isObject(delta)) continue;
      if (typeof delta.role === 'string' && delta.role) choice.role = delta.role;
      if (typeof delta.content === 'string') choice.content += delta.content;
      if (typeof delta.refusal === 'string') choice.refusal += delta.refusal;
      if (!Array.isArray(delta.tool_calls)) continue;
      const table = calls.get(choice)!;
      for (const frag of delta.tool_calls) {
        if (!isObject(frag)) continue;
        const ti = typeof frag.index === 'number' ? frag.index : -1;
        let call = table.get(ti);
        if (!call) {
          call = { index: ti, arguments: '', fragments: 0 };
          table.set(ti, call);
          choice.toolCalls.push(call);
        }
        call.fragments++;
        if (typeof frag.id === 'string' && frag.id) call.id = frag.id;
        if (typeof frag.type === 'string' && frag.type) call.type = frag.type;
        const fn = frag.function;
        if (isObject(fn)) {
          if (typeof fn.name === 'string' && fn.name) call.name = fn.name;
          if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
          else if (fn.arguments !== undefined && fn.arguments !== null) call.arguments += jsonText(fn.arguments);
        }
      }
    }
  }
  out.choices = [...byIndex.values()].sort((a, b) => a.index - b.index);
  for (const c of out.choices) c.toolCalls.sort((a, b) => a.index - b.index);
  return out;
}
