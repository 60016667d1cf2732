/**
 * Faults for the deprecated function fields (`functions`, `function_call`): what gateways that translate
 * them to tools get wrong.
 */
import { choicesOf, type Fault } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export const legacyFaults: Fault[] = [
  {
    id: 'function-call-as-tool-calls',
    description: 'a legacy function call is answered as tool_calls (finish_reason tool_calls) instead of message.function_call',
    catches: ['request.functions', 'request.function_call'],
    evidence:
      'wire-format.md 1.1: functions / function_call are deprecated but still part of the API; a translating gateway that maps the request to tools and not the answer back',
    completion(c) {
      for (const ch of choicesOf(c)) {
        const msg = isObj(ch.message) ? ch.message : undefined;
        if (!msg || !isObj(msg.function_call)) continue;
        msg.tool_calls = [{ id: 'call_legacy0001', type: 'function', function: msg.function_call }];
        delete msg.function_call;
        ch.finish_reason = 'tool_calls';
      }
    },
  },
  {
    id: 'drops-function-call',
    description: 'drops function_call (the forced choice) and keeps functions, so the model answers in prose',
    catches: ['request.function_call'],
    evidence: 'issue #11 class 7: a forced function_call is as decisive as a named tool_choice',
    request(body) {
      if (!('functions' in body) || !('function_call' in body)) return body;
      const { function_call: _drop, ...rest } = body;
      return rest;
    },
  },
];
