/**
 * The deprecated function fields, `functions` and `function_call`, decided the way the named tool_choice
 * is: one request with the probe's get_weather in `functions`, `function_call: {"name": "get_weather"}`
 * and the baseline's prose prompt (which no function answers, so only the forced choice produces a call).
 * The call must come back in the legacy shape, `message.function_call` naming the function, which is what
 * code on the legacy API reads. Decision rule:
 *  - `message.function_call` naming the forced function → supported, for both fields (decisive: the name is
 *    known only from `functions`, and only `function_call` forces a call on a prose prompt);
 *  - the forced function comes back as `tool_calls` instead → broken (decisive: a gateway translated the
 *    request to tools but not the answer back, and the legacy client finds no function_call); tool_calls to
 *    another name are no answer to the forcing (a mock's example call on every answer): as below;
 *  - no call, or a call to another name → `function_call` ignored (decisive: a forced call did not happen);
 *    for `functions` that says nothing on its own (the definitions may have arrived while the forcing was
 *    dropped), so it is accepted, unobservable.
 * Both cases send the same request (shared: one send). A `function_call` row whose value forces no name
 * ("auto", "none") falls back to the acceptance probe, and so does `functions` when the refusal names
 * function_call (the definitions alone are then sent).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields, PROBE_TOOLS } from './values.js';
import { sendFields, notProbed, type Body } from './send.js';
import { observeAcceptance } from './generic.js';
import { fromSignals, protocol } from '../cases/evidence.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The forcing request: the row's (or default) functions, and function_call naming the first of them. */
export function functionsProbeFields(key: string, row: FieldRow | undefined): Body | undefined {
  const fields = requestProbeFields(key, row);
  if (!fields) return undefined;
  const functions = Array.isArray(fields.functions) ? fields.functions : [PROBE_TOOLS[0].function];
  const first = functions.find(isObj);
  const forced = key === 'function_call' ? fields.function_call : typeof first?.name === 'string' ? { name: first.name } : undefined;
  return { functions, function_call: forced };
}

const forcedName = (body: Body): string | undefined =>
  isObj(body.function_call) && typeof body.function_call.name === 'string' ? body.function_call.name : undefined;

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = functionsProbeFields(key, row);
  if (!body) return notProbed(`request.${key}`);
  const named = forcedName(body);
  if (!named) return observeAcceptance(io, 'request', key, row);
  const probe = await sendFields(io, body, `request.${key}`);
  if (!probe.ok) {
    // A refusal that names function_call says nothing about functions: send the definitions alone.
    const param = probe.observation.facts?.param;
    if (key === 'functions' && probe.observation.observed === 'rejected' && typeof param === 'string' && param.includes('function_call'))
      return observeAcceptance(io, 'request', key, row);
    return probe.observation;
  }
  const choice = Array.isArray(probe.view.json.choices) ? probe.view.json.choices.find(isObj) : undefined;
  const message = isObj(choice?.message) ? choice.message : {};
  const legacy = isObj(message.function_call) ? message.function_call : undefined;
  const called = typeof legacy?.name === 'string' ? legacy.name : undefined;
  const toolCalls = probe.view.choices[0]?.toolCalls ?? [];
  const evidence = {
    named,
    function_call: called ?? (legacy ? 'unnamed' : null),
    tool_calls: toolCalls.length,
    finish_reason: probe.view.choices[0]?.finishReason ?? null,
  };
  // No control applies: the name is known only from `functions`, and a prose prompt calls nothing unforced.
  const legacySignal = protocol('choices[0].message.function_call.name', called ?? (legacy ? 'unnamed' : null));
  if (called === named) return fromSignals({ observed: 'supported', evidence, signals: [legacySignal], note: `message.function_call named ${named}` });
  // Only a tool call to the forced function is the forcing translated: a call to another name (a mock's example
  // call on every answer) is no answer to function_call at all, and reads as a forced call that did not happen.
  if (!legacy && toolCalls.some((t) => t.name === named)) {
    return fromSignals({
      observed: 'broken',
      evidence,
      signals: [
        legacySignal,
        protocol(
          'choices[0].message.tool_calls[].function.name',
          toolCalls.map((t) => t.name),
        ),
      ],
      note: `the forced function came back as tool_calls (${toolCalls.map((t) => t.name).join(', ')}), not as the legacy message.function_call`,
    });
  }
  const other = toolCalls.map((t) => t.name);
  const what = called
    ? `the model called ${called}, not the forced ${named}`
    : other.length
      ? `the model called ${other.join(', ')} (as tool_calls), not the forced ${named}`
      : `function_call named ${named}, no function call came back`;
  if (key === 'function_call') return fromSignals({ observed: 'ignored', evidence, signals: [legacySignal], note: what });
  return {
    observed: 'accepted',
    evidence,
    note: `${what}: the definitions may have arrived while function_call was dropped (request.function_call reports it)`,
  };
}

export const functionsProbe: Probe = { keys: ['request.functions', 'request.function_call'], observe };
