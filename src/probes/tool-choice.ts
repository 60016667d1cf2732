/**
 * tool_choice "required" and a named function, with the probe tools of values.ts and the baseline's prose
 * prompt (which no tool answers, so a model left on "auto" does not call one). Decisive either way:
 *  - required: one tool call or more → supported; none → ignored ("required" promises a call);
 *  - named: calls, all to the named function → supported; no call, or calls to another function → ignored.
 * A target that ignores `tools` ignores tool_choice with them; request.tools reports that on its own.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields, PROBE_TOOLS } from './values.js';
import { sendFields, notProbed, type Body } from './send.js';
import { finishReason } from './signals.js';

/** The fields a tool_choice probe adds to the baseline: the row's (or default) fields, with the probe tools when the row names none. */
export function toolChoiceFields(key: string, row: FieldRow | undefined): Body | undefined {
  const fields = requestProbeFields(key, row);
  if (!fields || fields.tool_choice === undefined) return undefined;
  return { tools: PROBE_TOOLS, ...fields };
}

function namedIn(choice: unknown): string | undefined {
  const fn = (choice as { function?: { name?: unknown } } | null)?.function;
  return typeof fn?.name === 'string' ? fn.name : undefined;
}

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = toolChoiceFields(key, row);
  if (!body) return notProbed(`request.${key}`);
  const probe = await sendFields(io, body, `request.${key}`);
  if (!probe.ok) return probe.observation;
  const calls = probe.view.choices[0]?.toolCalls ?? [];
  const names = calls.map((c) => c.name);
  const finish = finishReason(io.profile, probe.view.choices[0]) ?? null;
  const named = namedIn(body.tool_choice);
  const evidence = { tool_calls: calls.length, names, finish_reason: finish, ...(named ? { named } : {}) };
  if (!calls.length) return { observed: 'ignored', confidence: 'decisive', evidence, note: `tool_choice ${named ? `named ${named}` : JSON.stringify(body.tool_choice)}, no tool call came back` };
  if (named && names.some((n) => n !== named)) return { observed: 'ignored', confidence: 'decisive', evidence, note: `tool_choice named ${named}, the model called ${names.join(', ')}` };
  return { observed: 'supported', confidence: 'decisive', evidence };
}

export const toolChoiceProbe: Probe = { keys: ['request.tool_choice.required', 'request.tool_choice.named'], observe };
