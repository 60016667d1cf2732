/**
 * The tool round trip (`message.tool-round-trip`): what an agent loop does after a tool call. The forced
 * call of `request.tool_choice.named` (the same request, shared: no extra send; tool-choice.ts forcedAnswer)
 * is sent back, with the tools that request declared, as the assistant turn, with its own `id`, `name` and `arguments`, followed by a `role: "tool"` result for that
 * id; the request must be accepted and answered with a chat completion (text or another call). Decisive
 * either way: a 2xx completion for a conversation built from the target's own call is the claim, a 4xx
 * rejects it. When no forced call came back (request.tool_choice.named reports it) or the call has no id,
 * there is nothing to send back: a skip with the reason.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { PROBE_TOOLS } from './values.js';
import { BASELINE_PROMPT } from './generic.js';
import { sendFields } from './send.js';
import { forcedAnswer } from './tool-choice.js';
import { fromSignals, protocol } from '../cases/evidence.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The tool result sent back for the call (any JSON string does; the model only reads it). */
const TOOL_RESULT = '{"local_time": "14:05"}';

function firstCall(json: Obj): Obj | undefined {
  const choice = Array.isArray(json.choices) ? json.choices.find(isObj) : undefined;
  const calls = isObj(choice?.message) && Array.isArray(choice.message.tool_calls) ? choice.message.tool_calls : [];
  return calls.find(isObj);
}

async function observe(io: CaseIO, _key: string, row: FieldRow | undefined): Promise<Observation> {
  // The profile's own row for the named choice, so the forcing request is the very one that case sends.
  const forced = await forcedAnswer(io, 'tool_choice.named');
  if (!forced) return skipWith('no forcing request is known (request.tool_choice.named has no value)');
  const first = forced.probe;
  if (!first.ok)
    return { ...first.observation, verdict: 'skip', note: `the forced call was not answered (${first.observation.observed}): nothing to send back` };
  const call = firstCall(first.view.json);
  const fn = isObj(call?.function) ? call.function : undefined;
  if (!call || typeof fn?.name !== 'string')
    return skipWith('no tool call came back for the forced tool_choice (request.tool_choice.named reports it): nothing to send back');
  if (typeof call.id !== 'string' || !call.id)
    return skipWith('the forced tool call has no id (response.choices.message.tool_calls reports it): nothing to answer');
  const messages = [
    { role: 'user', content: BASELINE_PROMPT },
    { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: fn.name, arguments: fn.arguments } }] },
    { role: 'tool', tool_call_id: call.id, content: TOOL_RESULT },
  ];
  // The tools the forcing request declared, so the call sent back names a function the request declares.
  const tools = Array.isArray(forced.body.tools) ? forced.body.tools : PROBE_TOOLS;
  const back = await sendFields(io, { messages, tools, ...(row?.value && isObj(row.value) ? row.value : {}) }, 'message.tool-round-trip');
  const evidence = { call_id: call.id, function: fn.name, status: back.ex?.response?.status ?? null };
  if (!back.ok) return back.observation;
  // A chat completion for a conversation built from the target's own call: the acceptance that is claimed.
  return fromSignals({
    observed: 'accepted',
    evidence: { ...evidence, answered: back.view.choices[0]?.toolCalls.length ? 'a tool call' : 'text' },
    facts: { completion: true },
    signals: [protocol('http.status', evidence.status), protocol('choices', back.view.choices.length)],
  });
}

const skipWith = (note: string): Observation => ({ observed: 'nothing to send back', evidence: {}, verdict: 'skip', note });

export const toolRoundTripProbe: Probe = { keys: ['message.tool-round-trip'], observe };
