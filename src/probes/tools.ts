/**
 * tools: do the tool definitions reach the model? A proxy that drops them still answers 200 (peers §2.4:
 * "prompt_tokens 17 vs 275"). The verdict uses every request of the run that carries the tools — the
 * tools-only probe (tool_choice auto) and the tool_choice "required" and named requests, shared with those
 * cases so reading them costs nothing:
 *  - any of them got a call to a declared function → supported (protocol, decisive), whatever usage says
 *    (a server that does not count tool definitions in prompt_tokens still delivers them). The control is
 *    the shared baseline, which has no tools: if it carries tool calls too, no call isolates the tools and
 *    the effect is unobservable;
 *  - calls only to functions no request declared: broken (no SDK can dispatch them), unless the baseline
 *    without tools carries the same calls: then the answers are the baseline's own, and the tools had no
 *    effect (ignored, controlled by the baseline; a mock answering every request with its example's call);
 *  - no call anywhere: prompt_tokens against the baseline (accounting) where the run's usage gate passes.
 *    Flat → the forced requests' missing calls are the tools' (tool_choice cannot act on tools that never
 *    arrived): ignored, decisive. Grown → the definitions arrived but the model never calls: supported,
 *    heuristic (request.tool_choice.* report the missing calls). Without usable usage the missing calls
 *    cannot tell a dropped `tools` from a dropped `tool_choice`: ignored, heuristic (a warning).
 * Requests: none of its own where a forced request the profile has a case for (shared) got a call; else
 * the tools-only request (auto), and the "required" one when the profile has no case for it. A row with its
 * own tools sends them (auto) first. prompt_tokens is read on the first answered request of these.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation, Signal } from '../cases/types.js';
import type { Probe } from './types.js';
import { accounting, fromSignals, protocol } from '../cases/evidence.js';
import { probeBody } from './generic.js';
import { sendChat, baselineAnswer, notProbed, type Probed } from './send.js';
import { usagePair, unusableWhy } from './signals.js';
import { forcedAnswer } from './tool-choice.js';
import { runGates } from './gates.js';

const CALLS = 'choices[0].message.tool_calls (declared functions)';

/** The forced tool_choice cases whose requests carry the tools. */
const FORCED = ['tool_choice.required', 'tool_choice.named'];

/** Function names declared in a request body's `tools`. */
function declaredNames(body: Record<string, unknown>): Set<string> {
  const tools = Array.isArray(body.tools) ? (body.tools as { function?: { name?: unknown } }[]) : [];
  return new Set(tools.map((t) => t?.function?.name).filter((n): n is string => typeof n === 'string'));
}

const callsTo = (p: Probed, names: Set<string>): string[] => (p.ok ? (p.view.choices[0]?.toolCalls ?? []).map((c) => c.name).filter((n) => names.has(n)) : []);

/** One request of the run that carries tools, read for this case. */
interface Seen {
  key: string;
  answer: Probed;
  names: Set<string>;
}

async function forced(io: CaseIO, key: string): Promise<Seen | undefined> {
  const a = await forcedAnswer(io, key);
  return a && { key, answer: a.probe, names: declaredNames(a.body) };
}

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const body = probeBody(io, 'request', key, row);
  if (!body) return notProbed('request.tools');
  const base = await baselineAnswer(io);
  if (!base.ok) return base.observation;

  // The forced tool_choice requests the profile has cases for come first: shared with those cases (free), and
  // a call there shows the tools arrived. The tools-only request (auto) is sent only when none of them got a
  // call to a declared function, and "required" then too if the profile has no case for it. A row with its
  // own tools sends them first: the forced requests carry the probe tools, not the row's.
  const declaredKeys = FORCED.filter((k) => io.profile.request?.[k]);
  const seen: Seen[] = [];
  for (const k of row?.value === undefined ? declaredKeys : []) {
    const s = await forced(io, k);
    if (s) seen.push(s);
  }
  if (!seen.some((s) => callsTo(s.answer, s.names).length)) {
    const probe = await sendChat(io, body, 'request.tools');
    if (!probe.ok) return probe.observation;
    seen.unshift({ key: 'tools (auto)', answer: probe, names: declaredNames(body) });
    // No call on auto either: the forced requests not read yet ("required" even without a case of its own).
    const unread = [...(row?.value === undefined ? [] : declaredKeys), ...(declaredKeys.includes('tool_choice.required') ? [] : ['tool_choice.required'])];
    for (const k of callsTo(probe, seen[0].names).length ? [] : unread) {
      const s = await forced(io, k);
      if (s) seen.push(s);
    }
  }
  const called = seen.map((s) => ({ key: s.key, names: callsTo(s.answer, s.names) }));
  const callers = called.filter((c) => c.names.length > 0);
  const baseCalls = base.view.choices[0]?.toolCalls.map((c) => c.name) ?? [];
  const evidence: Record<string, unknown> = {
    tool_calls: Object.fromEntries(called.map((c) => [c.key, c.names.length])),
    baseline_tool_calls: baseCalls.length,
  };
  // prompt_tokens against the baseline: on the tools-only request where it was sent, else the first answered.
  const counted = seen.find((s) => s.answer.ok)?.answer;
  const prompt = counted?.ok ? usagePair(io.profile, counted.view, base.view, 'prompt_tokens') : undefined;

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
  const undeclared = seen.flatMap((s) =>
    (s.answer.ok ? (s.answer.view.choices[0]?.toolCalls ?? []).map((c) => c.name) : []).filter((n) => n !== '' && !s.names.has(n)),
  );
  const names = new Set(seen.flatMap((s) => [...s.names]));
  // The control: the baseline sends no tools. When it carries the very calls the tools requests got (a mock
  // that puts its example's call on every answer), the calls are not the definitions' doing: the tools had no
  // effect (ignored, as the baseline shows), which is no break of a declared-ignored field.
  if (undeclared.length && undeclared.every((n) => baseCalls.includes(n))) {
    return fromSignals({
      observed: 'ignored',
      evidence: { ...evidence, undeclared: [...new Set(undeclared)], baseline_calls: baseCalls },
      signals: [protocol(CALLS, undeclared, { value: baseCalls, isolates: true })],
      note: `requests with tools got only the call${baseCalls.length === 1 ? '' : 's'} the baseline without tools carries too (${[...new Set(baseCalls)].join(', ')}), never one to ${[...names].join(' or ')}: the definitions did not shape the answer`,
    });
  }
  if (undeclared.length) {
    return fromSignals({
      observed: 'broken',
      evidence: { ...evidence, undeclared: [...new Set(undeclared)] },
      signals: [protocol(CALLS, undeclared)],
      note: `requests with tools got calls only to ${[...new Set(undeclared)].join(', ')}, which they do not declare (declared: ${[...names].join(', ')})`,
    });
  }
  const answered = seen.filter((f) => f.key !== 'tools (auto)' && f.answer.ok);
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
