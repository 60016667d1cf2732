/**
 * tools: do the tool definitions reach the model? A proxy that drops them still answers 200 (peers §2.4:
 * "prompt_tokens 17 vs 275"). Signals, in order:
 *  1. the tools-only probe (tool_choice left to auto) comes back with a tool call → supported (decisive);
 *  2. usage.prompt_tokens, probe vs the shared baseline (same messages, so the only difference is the
 *     tool definitions): more → supported; the same or fewer → ignored (both decisive);
 *  3. where usage is declared empty or missing: the tool_choice "required" request (shared with that
 *     case): a tool call → supported (decisive); none → ignored, heuristic (tools or tool_choice is dropped,
 *     and which one cannot be told apart).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { probeBody } from './generic.js';
import { sendChat, sendFields, baselineAnswer, notProbed } from './send.js';
import { usagePair, unusableWhy } from './signals.js';
import { toolChoiceFields } from './tool-choice.js';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  if (!body) return notProbed('request.tools');
  const [probe, base] = await Promise.all([sendChat(io, body, 'request.tools'), baselineAnswer(io)]);
  if (!probe.ok) return probe.observation;
  const calls = probe.view.choices[0]?.toolCalls.length ?? 0;
  if (calls > 0) return { observed: 'supported', confidence: 'decisive', evidence: { tool_calls: calls } };
  if (!base.ok) return base.observation;

  const prompt = usagePair(io.profile, probe.view, base.view, 'prompt_tokens');
  if (prompt) {
    const evidence = { prompt_tokens: prompt, tool_calls: 0 };
    return prompt[0] > prompt[1]
      ? { observed: 'supported', confidence: 'decisive', evidence, note: `the tool definitions added ${prompt[0] - prompt[1]} prompt tokens` }
      : { observed: 'ignored', confidence: 'decisive', evidence, note: `prompt_tokens ${prompt[0]} vs ${prompt[1]} without tools: the definitions never reached the model` };
  }
  const why = unusableWhy(io.profile, 'usage.prompt_tokens');
  const requiredFields = toolChoiceFields('tool_choice.required', io.profile.request?.['tool_choice.required']);
  if (!requiredFields) return { observed: 'accepted', confidence: 'unobservable', evidence: { tool_calls: 0 }, note: `${why}, and no tool_choice "required" probe to fall back on` };
  const req = await sendFields(io, requiredFields, 'request.tool_choice.required');
  if (!req.ok) return { observed: 'accepted', confidence: 'unobservable', evidence: { tool_calls: 0, required: req.observation.observed }, note: `${why}, and the tool_choice "required" request was not accepted` };
  const forced = req.view.choices[0]?.toolCalls.length ?? 0;
  const evidence = { tool_calls: [calls, forced], requests: 2 };
  return forced > 0
    ? { observed: 'supported', confidence: 'decisive', evidence, note: `${why}; with tool_choice "required" the model called ${forced} tool(s)` }
    : { observed: 'ignored', confidence: 'heuristic', evidence, note: `${why}; even with tool_choice "required" no tool call came back (tools or tool_choice is dropped)` };
}

export const toolsProbe: Probe = { keys: ['request.tools'], observe };
