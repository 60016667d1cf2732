/**
 * parallel_tool_calls: the default (true) allows several calls in one turn, so the probe sends the
 * non-default false — whatever the row's value — with a question two probe tools answer together and
 * tool_choice "required". Decision on the first choice's tool calls:
 *  - two or more → ignored (decisive: false allows at most one);
 *  - exactly one → a control, the same request without the field (sent only now): two or more there →
 *    supported (decisive); one there too → accepted, unobservable (the model makes one call anyway);
 *  - none → accepted, unobservable (tools or tool_choice are not honoured, so the limit has nothing to act on).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { PROBE_TOOLS } from './values.js';
import { sendFields } from './send.js';
import { protocol } from '../cases/evidence.js';

const CALLS = 'choices[0].message.tool_calls with parallel_tool_calls false';

export const PARALLEL_PROMPT = 'What are the current weather and the local time in Paris? Use the tools for both.';

async function observe(io: CaseIO, _key: string, _row: FieldRow | undefined): Promise<Observation> {
  const fields = { messages: [{ role: 'user', content: PARALLEL_PROMPT }], tools: PROBE_TOOLS, tool_choice: 'required' };
  const probe = await sendFields(io, { ...fields, parallel_tool_calls: false }, 'request.parallel_tool_calls');
  if (!probe.ok) return probe.observation;
  const calls = probe.view.choices[0]?.toolCalls.length ?? 0;
  if (calls >= 2)
    return {
      observed: 'ignored',
      evidence: { parallel_tool_calls: false, tool_calls: calls },
      // Two calls where false allows at most one: no control can make that honoured.
      signals: [protocol(CALLS, calls)],
      note: `parallel_tool_calls false, ${calls} tool calls in one turn`,
    };
  if (calls === 0)
    return {
      observed: 'accepted',
      evidence: { parallel_tool_calls: false, tool_calls: 0 },
      note: 'no tool call even with tool_choice "required", so the limit on parallel calls has nothing to act on',
    };
  const control = await sendFields(io, fields, 'request.parallel_tool_calls (control)');
  if (!control.ok)
    return {
      observed: 'accepted',
      evidence: { tool_calls: [1, null], control: control.observation.observed },
      note: 'the control request failed',
    };
  const free = control.view.choices[0]?.toolCalls.length ?? 0;
  const evidence = { tool_calls: [calls, free], requests: 2 };
  return free >= 2
    ? {
        observed: 'supported',
        evidence,
        signals: [protocol(CALLS, calls, { value: free, isolates: true })],
        note: `1 call with parallel_tool_calls false, ${free} without it`,
      }
    : { observed: 'accepted', evidence, note: 'the model makes a single call with or without the field' };
}

export const parallelToolCallsProbe: Probe = { keys: ['request.parallel_tool_calls'], observe };
