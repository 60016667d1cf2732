/**
 * tool_choice "required" and a named function, with the probe tools of values.ts and the baseline's prose
 * prompt (which no tool answers, so a model left on "auto" does not call one). Decisive either way:
 *  - required: one tool call or more → supported; none → ignored ("required" promises a call);
 *  - named: calls, all to the named function → supported; no call, or calls to another function → ignored.
 * A target that ignores `tools` ignores tool_choice with them; request.tools reports that on its own.
 *  - none: a tool call → broken (the choice forbids one; the baseline's own call: ignored, below); no call → unobservable (the
 *    baseline's prose prompt gets no call on "auto" either). Its request carries request.n's n where the
 *    profile declares n supported (carriedN), so that case reads its choice count from it.
 * A call to a function the request does not declare breaks the contract on its own (no SDK can dispatch it).
 * The control of a call is the shared baseline (no tools, no tool_choice): a target that puts tool calls
 * on every answer shows nothing by calling here (unobservable), and for a named choice, nothing by calling
 * the named function when the baseline calls it too. When the baseline carries the very calls a forced or
 * "none" request got (a mock's example call on every answer), the answer is the baseline's own: the choice
 * had no effect (ignored: a failure where it is declared supported, no break where it is declared ignored).
 * The choice's own control is the same tools on "auto" (tool_choice left out): a call there too leaves a forced
 * call unattributed (unobservable), and a call under "none" that auto gets as well is the choice without effect
 * (ignored), not a break: a server that honours tools and never reads tool_choice.
 * Requests: one each; the named choice's is request.tools.strict's where that case sends one (forcedAnswer); the
 * auto control where "none" got a call, or a forced choice not declared supported got its call.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields, PROBE_TOOLS } from './values.js';
import { sendFields, notProbed, baselineAnswer, type Body, type Probed } from './send.js';
import { strictForcing } from './tools-strict.js';
import { fromSignals, protocol } from '../cases/evidence.js';
import { finishReason } from './signals.js';

/** The fields a tool_choice probe adds to the baseline: the row's (or default) fields, with the probe tools when the row names none. */
export function toolChoiceFields(key: string, row: FieldRow | undefined): Body | undefined {
  const fields = requestProbeFields(key, row);
  if (!fields || fields.tool_choice === undefined) return undefined;
  return { tools: PROBE_TOOLS, ...fields };
}

/**
 * The n that tool_choice "none"'s request carries for request.n (n.ts), or undefined: only where the profile
 * declares n supported (its value 2 or more) and has a tool_choice.none case not declared rejected, with tools
 * not declared rejected. Neither reading can disturb the other: "none" reads the first choice's tool calls,
 * n the number of choices, and neither reads usage (which sums over the choices). n takes only "n choices"
 * from it; any other count, or a refusal, and n sends its own request.
 */
export function carriedN(io: CaseIO): number | undefined {
  const req = io.profile.request;
  if (req?.n?.status !== 'supported' || !req['tool_choice.none'] || req['tool_choice.none'].status === 'rejected' || req.tools?.status === 'rejected')
    return undefined;
  // A case in a group of fields declared ignored has its own request answered by its group (group-ignored.ts).
  if (io.ignoredGroup?.('request.n') || io.ignoredGroup?.('request.tool_choice.none')) return undefined;
  const n = requestProbeFields('n', req.n)?.n;
  return typeof n === 'number' && Number.isInteger(n) && n >= 2 ? n : undefined;
}

/**
 * The answer a forced tool_choice case reads, with the body that got it. The named choice with its default
 * value reads request.tools.strict's request where the profile lets that case send one (strictForcing: the
 * probe tools' get_time, made strict, forced beside get_weather): the same claim, a call to the named function
 * among two, at no extra request (not when the named choice is in a group of fields declared ignored, whose
 * own request its group answers); tool_choice "none" carries request.n's n (carriedN). Only the honoured
 * reading is taken from such a request (a call to the named function alone; no call under "none"): anything
 * else, a refusal included, may be strict's or n's doing, and the case then sends its own request, whose
 * answer is the verdict.
 */
export async function forcedAnswer(
  io: CaseIO,
  key: string,
  row: FieldRow | undefined = io.profile.request?.[key],
): Promise<{ probe: Probed; body: Body; via: string } | undefined> {
  const own = toolChoiceFields(key, row);
  if (!own) return undefined;
  const n = key === 'tool_choice.none' && own.tool_choice === 'none' ? carriedN(io) : undefined;
  const readsStrict = key === 'tool_choice.named' && row?.value === undefined && !io.ignoredGroup?.(`request.${key}`);
  const shared = readsStrict ? strictForcing(io) : n !== undefined ? { ...own, n } : undefined;
  if (shared) {
    const via = key === 'tool_choice.named' ? 'request.tools.strict' : `request.${key}`;
    const probe = await sendFields(io, shared, n !== undefined ? `${via} (with n)` : via);
    // Only the honoured reading is taken from a request that carries another case's field: any other (no
    // call, another function, a call under "none", a refusal) may be that field's doing, and this case's own
    // request decides.
    if (honoured(probe, shared)) return { probe, body: shared, via };
  }
  return { probe: await sendFields(io, own, `request.${key}`), body: own, via: `request.${key}` };
}

/** Whether a forced answer shows its tool_choice honoured: "none", no call; a named function, a call to it alone. */
function honoured(probe: Probed, body: Body): boolean {
  if (!probe.ok) return false;
  const calls = probe.view.choices[0]?.toolCalls ?? [];
  if (body.tool_choice === 'none') return calls.length === 0;
  const named = namedIn(body.tool_choice);
  return named !== undefined && calls.length > 0 && calls.every((c) => c.name === named);
}

function namedIn(choice: unknown): string | undefined {
  const fn = (choice as { function?: { name?: unknown } } | null)?.function;
  return typeof fn?.name === 'string' ? fn.name : undefined;
}

/**
 * The baseline's calls (no tools, no tool_choice) when they include every name called here: a mock that puts its
 * example's call on every answer. Undefined when the baseline calls none of them (or was not answered).
 */
async function baselineCarries(io: CaseIO, names: string[]): Promise<string[] | undefined> {
  const base = await baselineAnswer(io);
  const control = base.ok ? (base.view.choices[0]?.toolCalls.map((c) => c.name) ?? []) : [];
  return control.length && names.every((n) => control.includes(n)) ? control : undefined;
}

/** The forced request got the baseline's own call: the choice had no effect (controlled by the baseline), not a break. */
function sameAsBaseline(evidence: Record<string, unknown>, names: string[], control: string[], choice: string): Observation {
  return fromSignals({
    observed: 'ignored',
    evidence: { ...evidence, baseline_calls: control },
    signals: [protocol('choices[0].message.tool_calls', names, { value: control, isolates: true })],
    note: `${choice} got the call the baseline without tools or tool_choice carries too (${control.join(', ')}): the choice had no effect`,
  });
}

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const answer = await forcedAnswer(io, key, row);
  if (!answer) return notProbed(`request.${key}`);
  const { probe, body, via } = answer;
  if (!probe.ok) return probe.observation;
  const calls = probe.view.choices[0]?.toolCalls ?? [];
  const names = calls.map((c) => c.name);
  const finish = finishReason(io.profile, probe.view.choices[0]) ?? null;
  const named = namedIn(body.tool_choice);
  const evidence = {
    tool_calls: calls.length,
    names,
    finish_reason: finish,
    ...(named ? { named } : {}),
    ...(via === `request.${key}` ? {} : { read_from: via }),
    ...(body.n !== undefined ? { carries_n: body.n } : {}),
  };
  // A forced choice promises a call (to the named function): its absence stands on its own, no control needed.
  const forced = [protocol('choices[0].message.tool_calls', names)];
  const declared = new Set(
    (Array.isArray(body.tools) ? body.tools : [])
      .map((t) => (t as { function?: { name?: unknown } })?.function?.name)
      .filter((n): n is string => typeof n === 'string'),
  );
  if (body.tool_choice === 'none') {
    if (calls.length) {
      const same = await baselineCarries(io, names);
      if (same) return sameAsBaseline(evidence, names, same, `tool_choice "none"`);
      // The same tools on auto: calling there too, the server answers "none" as it answers no choice at all.
      const auto = await autoCalls(io, body);
      if (auto?.length && names.every((n) => auto.includes(n))) {
        return fromSignals({
          observed: 'ignored',
          evidence: { ...evidence, auto_calls: auto },
          signals: [protocol('choices[0].message.tool_calls', names, { value: auto, isolates: true })],
          note: `tool_choice "none" got the call the same tools get on "auto" (${auto.join(', ')}): the choice had no effect`,
        });
      }
      return fromSignals({ observed: 'broken', evidence, signals: forced, note: `tool_choice "none", yet the model called ${names.join(', ')}` });
    }
    return {
      observed: 'accepted',
      evidence,
      note: 'no tool call came back, as "none" asks; the prose prompt gets none on "auto" either, so the choice itself is not seen',
    };
  }
  // A name that is not a string is the response row's finding (choices[].message.tool_calls[].function.name), not this one.
  if (calls.length && !named && names.every((n) => n !== '' && !declared.has(n))) {
    const same = await baselineCarries(io, names);
    if (same) return sameAsBaseline(evidence, names, same, `tool_choice ${JSON.stringify(body.tool_choice)}`);
    return fromSignals({
      observed: 'broken',
      evidence,
      signals: forced,
      note: `tool_choice ${JSON.stringify(body.tool_choice)}: the model called ${names.join(', ')}, which the request does not declare`,
    });
  }
  if (!calls.length)
    return fromSignals({
      observed: 'ignored',
      evidence,
      signals: forced,
      note: `tool_choice ${named ? `named ${named}` : JSON.stringify(body.tool_choice)}, no tool call came back`,
    });
  if (named && names.some((n) => n !== named))
    return fromSignals({ observed: 'ignored', evidence, signals: forced, note: `tool_choice named ${named}, the model called ${names.join(', ')}` });
  const base = await baselineAnswer(io);
  if (!base.ok) return base.observation;
  const control = base.view.choices[0]?.toolCalls.map((c) => c.name) ?? [];
  const isolates = named ? !control.includes(named) : control.length === 0;
  const signals = [protocol('choices[0].message.tool_calls', names, { value: control, isolates })];
  if (!isolates) {
    return fromSignals({
      observed: 'accepted',
      evidence: { ...evidence, baseline_calls: control },
      signals,
      verdict: 'skip',
      note: `the baseline, which sends no tools, carries tool calls too (${control.join(', ')}), so the call shows nothing about tool_choice`,
    });
  }
  // The choice's own control: the same tools on "auto". A server that calls there too (whatever the prompt)
  // would call under a forced choice whether it honours the choice or not: the call shows nothing about it.
  // Read where the row does not declare the choice honoured: there the call would be a failure, which must not
  // rest on the tools' doing. Where it is declared supported the forced call passes on the baseline's control (a
  // call came, as the choice promises), at no extra request.
  const auto = row?.status === 'supported' || row?.status === 'partial' ? undefined : await autoCalls(io, body);
  if (auto && (named ? auto.includes(named) : auto.length > 0)) {
    return fromSignals({
      observed: 'accepted',
      evidence: { ...evidence, auto_calls: auto },
      signals: [protocol('choices[0].message.tool_calls', names, { value: auto, isolates: false })],
      verdict: 'skip',
      note: `the same tools on "auto" get ${auto.join(', ')} too, so the call shows nothing about tool_choice`,
    });
  }
  return fromSignals({ observed: 'supported', evidence, signals });
}

/** The calls the request's tools get with tool_choice left out ("auto"; request.tools' own auto request when it is the same body). */
async function autoCalls(io: CaseIO, body: Body): Promise<string[] | undefined> {
  const { tool_choice: _choice, n: _n, ...tools } = body;
  const probe = await sendFields(io, tools, 'tool_choice control: the same tools on auto');
  return probe.ok ? (probe.view.choices[0]?.toolCalls ?? []).map((c) => c.name) : undefined;
}

export const toolChoiceProbe: Probe = { keys: ['request.tool_choice.required', 'request.tool_choice.named', 'request.tool_choice.none'], observe };
