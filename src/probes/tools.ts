/**
 * tools: do the tool definitions reach the model? A proxy that drops them still answers 200 (peers §2.4:
 * "prompt_tokens 17 vs 275"). The verdict uses every request of the run that carries the tools — the
 * tools-only probe (tool_choice auto) and the tool_choice "required" and named requests, shared with those
 * cases so reading them costs nothing:
 *  - any of them got a call to a declared function → supported (protocol, decisive), whatever usage says
 *    (a server that does not count tool definitions in prompt_tokens still delivers them). The control is
 *    the shared baseline, which has no tools: if it carries tool calls too, no call isolates the tools and
 *    the effect is unobservable;
 *  - no call anywhere: prompt_tokens against the baseline (accounting) where the run's usage gate passes.
 *    Flat → the forced requests' missing calls are the tools' (tool_choice cannot act on tools that never
 *    arrived): ignored, decisive. Grown → the definitions arrived but the model never calls: supported,
 *    heuristic (request.tool_choice.* report the missing calls). Without usable usage the missing calls
 *    cannot tell a dropped `tools` from a dropped `tool_choice`: ignored, heuristic (a warning).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation, Signal } from '../cases/types.js';
import type { Probe } from './types.js';
import { accounting, fromSignals, protocol } from '../cases/evidence.js';
import { probeBody } from './generic.js';
import { sendChat, sendFields, baselineAnswer, notProbed, type Probed } from './send.js';
import { usagePair, unusableWhy } from './signals.js';
import { toolChoiceFields } from './tool-choice.js';
import { runGates } from './gates.js';

const CALLS = 'choices[0].message.tool_calls (declared functions)';

/** Function names declared in a request body's `tools`. */
function declaredNames(body: Record<string, unknown>): Set<string> {
  const tools = Array.isArray(body.tools) ? (body.tools as { function?: { name?: unknown } }[]) : [];
  return new Set(tools.map((t) => t?.function?.name).filter((n): n is string => typeof n === 'string'));
}

const callsTo = (p: Probed, names: Set<string>): string[] => (p.ok ? (p.view.choices[0]?.toolCalls ?? []).map((c) => c.name).filter((n) => names.has(n)) : []);

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  if (!body) return notProbed('request.tools');
  const names = declaredNames(body);
  const [probe, base] = await Promise.all([sendChat(io, body, 'request.tools'), baselineAnswer(io)]);
  if (!probe.ok) return probe.observation;
  if (!base.ok) return base.observation;

  // The other requests of the run that carry tools: shared with the tool_choice cases where the profile has
  // them (free); sent on their own only when the tools-only probe got no call to a declared function.
  const autoCalled = callsTo(probe, names).length > 0;
  const forcedKeys = ['tool_choice.required', 'tool_choice.named'].filter((k) => io.profile.request?.[k] || (!autoCalled && k === 'tool_choice.required'));
  const forced: { key: string; answer: Probed }[] = [];
  for (const k of forcedKeys) {
    const fields = toolChoiceFields(k, io.profile.request?.[k]);
    if (fields) forced.push({ key: k, answer: await sendFields(io, fields, `request.${k}`) });
  }
  const seen = [{ key: 'tools (auto)', answer: probe as Probed }, ...forced];
  const called = seen.map((s) => ({ key: s.key, names: callsTo(s.answer, names) }));
  const callers = called.filter((c) => c.names.length > 0);
  const baseCalls = base.view.choices[0]?.toolCalls.map((c) => c.name) ?? [];
  const evidence: Record<string, unknown> = {
    tool_calls: Object.fromEntries(called.map((c) => [c.key, c.names.length])),
    baseline_tool_calls: baseCalls.length,
  };

  if (callers.length) {
    // The control: the baseline sends no tools, so a call there means calls say nothing about the tools.
    const isolates = baseCalls.length === 0;
    const signals: Signal[] = [
      protocol(
        CALLS,
        callers.map((c) => `${c.key}: ${c.names.join(', ')}`),
        { value: baseCalls, isolates },
      ),
    ];
    const prompt = usagePair(io.profile, probe.view, base.view, 'prompt_tokens');
    if (prompt) signals.push(accounting('usage.prompt_tokens', prompt[0], prompt[1]));
    if (!isolates) {
      return fromSignals({
        observed: 'accepted',
        evidence,
        signals,
        verdict: 'skip',
        note: `the baseline, which sends no tools, carries tool calls too (${baseCalls.join(', ')}), so no call shows that the definitions arrived`,
      });
    }
    const uncounted =
      prompt && prompt[0] <= prompt[1]
        ? `; prompt_tokens did not grow (${prompt[0]} vs ${prompt[1]} without tools): the server does not count the definitions, but they arrived`
        : '';
    return fromSignals({
      observed: 'supported',
      evidence: { ...evidence, ...(prompt ? { prompt_tokens: prompt } : {}) },
      signals,
      note: `${callers.map((c) => `${c.key} called ${c.names.join(', ')}`).join('; ')}${uncounted}`,
    });
  }

  // Calls, but only to functions no request declared: the definitions did not shape the answer (no SDK can dispatch it).
  const undeclared = seen
    .flatMap((s) => (s.answer.ok ? (s.answer.view.choices[0]?.toolCalls ?? []).map((c) => c.name) : []))
    .filter((n) => n !== '' && !names.has(n));
  if (undeclared.length) {
    return fromSignals({
      observed: 'broken',
      evidence: { ...evidence, undeclared: [...new Set(undeclared)] },
      signals: [protocol(CALLS, undeclared)],
      note: `requests with tools got calls only to ${[...new Set(undeclared)].join(', ')}, which they do not declare (declared: ${[...names].join(', ')})`,
    });
  }
  const answered = forced.filter((f) => f.answer.ok);
  const prompt = usagePair(io.profile, probe.view, base.view, 'prompt_tokens');
  const gates = prompt ? await runGates(io) : undefined;
  const usable = prompt && gates?.usageUsable ? prompt : undefined;
  const why = prompt && gates && !gates.usageUsable ? gates.usageWhy : unusableWhy(io.profile, 'usage.prompt_tokens');
  if (!answered.length) {
    if (usable && usable[0] > usable[1]) {
      return fromSignals({
        observed: 'supported',
        evidence: { ...evidence, prompt_tokens: usable },
        signals: [accounting('usage.prompt_tokens', usable[0], usable[1])],
        note: `the tool definitions added ${usable[0] - usable[1]} prompt tokens (no forced tool_choice request was answered)`,
      });
    }
    return {
      observed: 'accepted',
      evidence: { ...evidence, prompt_tokens: prompt ?? null },
      note: `no tool call, ${usable ? 'prompt_tokens did not grow' : why}, and no tool_choice request was answered to tell more`,
    };
  }
  const noCall = protocol(
    'choices[0].message.tool_calls under a forced tool_choice',
    answered.map((f) => `${f.key}: 0`),
    // Flat prompt tokens tell that the tools themselves never arrived; without usage a dropped tool_choice looks the same.
    usable ? { value: `prompt_tokens ${usable[0]} vs ${usable[1]} without tools`, isolates: usable[0] <= usable[1] } : { value: why, isolates: false },
  );
  const signals = [noCall, ...(usable ? [accounting('usage.prompt_tokens', usable[0], usable[1])] : [])];
  if (usable && usable[0] > usable[1]) {
    return fromSignals({
      observed: 'supported',
      evidence: { ...evidence, prompt_tokens: usable },
      signals,
      note: `the tool definitions added ${usable[0] - usable[1]} prompt tokens, but no request called a tool, even forced (see request.tool_choice.*)`,
    });
  }
  return fromSignals({
    observed: 'ignored',
    evidence: { ...evidence, ...(prompt ? { prompt_tokens: prompt } : {}) },
    signals,
    note: usable
      ? `no call even with ${answered.map((f) => f.key).join(' and ')}, and prompt_tokens ${usable[0]} vs ${usable[1]} without tools: the definitions never reached the model`
      : `${why}; even with ${answered.map((f) => f.key).join(' and ')} no tool call came back (tools or tool_choice is dropped, which one cannot be told apart)`,
  });
}

export const toolsProbe: Probe = { keys: ['request.tools'], observe };
