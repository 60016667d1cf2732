/**
 * The fault for tools[].function.strict (issue #15's peer checks): a server that passes `strict: true` on but
 * does not constrain decoding by it (or drops it on the way to a model that follows schemas loosely) answers a
 * call to a strict function with arguments that almost fit: one property the schema does not allow
 * (additionalProperties false) and, where the parameters declare an enum, a value outside it.
 */
import { choicesOf, type Fault } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The parameters of each function the request declares with strict: true, by name. */
function strictFunctions(body: unknown): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const tools = (body as Obj | undefined)?.tools;
  if (!Array.isArray(tools)) return out;
  for (const t of tools) {
    const fn = isObj(t) && isObj(t.function) ? t.function : undefined;
    if (fn?.strict === true && typeof fn.name === 'string') out.set(fn.name, isObj(fn.parameters) ? fn.parameters : {});
  }
  return out;
}

/** Arguments that break the schema: an extra property, and the first enum property given a value outside its enum. */
function loosen(args: unknown, parameters: Obj): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(String(args));
  } catch {
    return undefined; // not JSON already: nothing to loosen
  }
  if (!isObj(value)) return undefined;
  const props = isObj(parameters.properties) ? parameters.properties : {};
  const constrained = Object.entries(props).find(([, s]) => isObj(s) && Array.isArray(s.enum));
  if (constrained) value[constrained[0]] = 'oai-compat-outside-enum';
  value.oai_compat_extra = true;
  return JSON.stringify(value);
}

export const toolsStrictFaults: Fault[] = [
  {
    // request.tool_choice.named reads strict's request (tool-choice.ts): a refusal of strict must not become its verdict.
    id: 'tools-strict-refused',
    description: 'refuses a function declared with strict: true (400 naming it), accepts the same tools without strict',
    catches: ['request.tools.strict'],
    mustPass: ['request.tool_choice.named', 'request.tools', 'message.tool-round-trip'],
    evidence: 'gateways with a fixed tool schema that refuse the unknown key (extra field "strict")',
    refuse(body) {
      if (!strictFunctions(body).size) return undefined;
      return {
        status: 400,
        type: 'invalid_request_error',
        param: 'tools[1].function.strict',
        code: 'unknown_parameter',
        message: "Unrecognized request argument supplied: 'strict'.",
      };
    },
  },
  {
    // request.tool_choice.named reads tools.strict's request (tool-choice.ts): only a call to the named function is
    // read from it, so a server that answers a strict function with no call must not fail the named choice.
    id: 'no-call-with-strict-tool',
    description: 'answers a request declaring a function with strict: true in prose, with no tool call; the same tools without strict as usual',
    catches: [],
    unsettles: ['request.tools.strict'],
    mustPass: ['request.tool_choice.named', 'request.tools', 'message.tool-round-trip'],
    evidence: 'review of the shared reads (session 5): a backend that cannot honour strict decoding and falls back to text',
    request(body) {
      if (!strictFunctions(body).size) return body;
      const { tools: _t, tool_choice: _c, ...rest } = body;
      return rest;
    },
  },
  {
    id: 'tools-strict-ignored',
    description: 'answers a call to a function declared strict: true with arguments that break its parameters (an extra property, a value outside the enum)',
    catches: ['request.tools.strict'],
    evidence: 'issue #15: a function declared with strict: true gets arguments that validate',
    completion(c, ctx) {
      const strict = strictFunctions(ctx.body);
      if (!strict.size) return;
      for (const ch of choicesOf(c)) {
        const calls = (ch.message as Obj | undefined)?.tool_calls;
        if (!Array.isArray(calls)) continue;
        for (const call of calls) {
          const fn = isObj(call) && isObj(call.function) ? call.function : undefined;
          const parameters = typeof fn?.name === 'string' ? strict.get(fn.name) : undefined;
          if (!fn || !parameters) continue;
          const loosened = loosen(fn.arguments, parameters);
          if (loosened !== undefined) fn.arguments = loosened;
        }
      }
    },
  },
];
