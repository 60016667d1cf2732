/**
 * The deprecated function fields as the emulator honours them: `functions` becomes the generator's tools and
 * `function_call` its tool choice (`{name}` forces that function, "none" none, "auto" or absent the model's
 * choice); the answer then carries the call in the legacy shape, `message.function_call` with finish_reason
 * "function_call", never `tool_calls`, as OpenAI answers a request that uses these fields. Only the fields the
 * profile honours reach here (chat.ts passes the honoured set), so a profile that ignores them gets no call.
 * The stream keeps the tools shape (no probe streams the legacy fields).
 */
import type { GenerationControls } from './generator.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Generator controls for a request that uses `functions` (and no `tools`), or undefined. */
export function legacyFunctionControls(honoured: Obj): Pick<GenerationControls, 'tools' | 'toolChoice' | 'parallelToolCalls'> | undefined {
  if (honoured.tools !== undefined || !Array.isArray(honoured.functions)) return undefined;
  const tools = honoured.functions
    .filter(isObj)
    .filter((f) => typeof f.name === 'string')
    .map((f) => ({ name: f.name as string, parameters: f.parameters }));
  if (!tools.length) return undefined;
  const fc = honoured.function_call;
  const toolChoice: GenerationControls['toolChoice'] = isObj(fc) && typeof fc.name === 'string' ? { name: fc.name } : fc === 'none' ? 'none' : 'auto';
  // The legacy API has one function call per answer.
  return { tools, toolChoice, parallelToolCalls: false };
}

/** Rewrites a completion's tool calls as the legacy function call (the first call of each choice). */
export function asLegacyFunctionCall(completion: Obj): void {
  for (const choice of Array.isArray(completion.choices) ? completion.choices.filter(isObj) : []) {
    const msg = isObj(choice.message) ? choice.message : undefined;
    const first = Array.isArray(msg?.tool_calls) ? msg.tool_calls.find(isObj) : undefined;
    if (!msg || !first) continue;
    const fn = isObj(first.function) ? first.function : {};
    msg.function_call = { name: fn.name, arguments: fn.arguments };
    delete msg.tool_calls;
    choice.finish_reason = 'function_call';
  }
}
