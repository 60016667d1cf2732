/**
 * The evidence model: an observation's confidence follows from what it read, never from the probe's
 * opinion of itself.
 * - `decisive`: at least one protocol signal that stands on its own (no control applies) or that its
 *   control isolates (`controlled: true`); or a content signal read against the field's own contract
 *   stated over the text (`contract`: the stop sequence must not be returned; JSON mode's content parses);
 * - `heuristic`: only accounting (usage counts, never decisive: a server's bookkeeping is not protocol) or
 *   content with no contract, or protocol signals whose control showed the same thing;
 * - `unobservable`: nothing was read.
 * A `fail` needs decisive evidence (the guard in verdicts.ts enforces it). Evidence that contradicts itself
 * (one reading says the field worked, another says it did not) is `inconclusive` with both sides shown
 * (`contradicted`), never a verdict for either side.
 * On a target whose answers do not follow the prompt, content is no evidence at all, contract or not: the
 * static gate (src/probes/gates.ts) asks `restsOnProtocol`.
 *
 * Why an Observation has no `confidence` field at all (issue #11): a field can be set by hand, and a
 * hand-set `decisive` is exactly the guess the model exists to prevent. An observation carries what it read
 * (`signals`) and, when a run-level gate made it blind, the `gate`; `observationConfidence` below is the one
 * place a confidence is computed, for the guard, the static gate and results.json alike. Two rules only:
 * a gate makes it `unobservable`, and a 429 (`http.status` 429) is recorded but weighs nothing (it is the
 * rate limiter's answer, not a reading of what is tested: the guard reads it to call the case rate-limited).
 * No signals means nothing was read: `unobservable`, so an observation that only says "accepted, effect not
 * seen" simply records none.
 */
import type { Confidence, Observation, Signal } from './types.js';

/** The protocol signal of an HTTP status (the guard reads its 429s: src/cases/verdicts.ts). */
export const STATUS_SIGNAL = 'http.status';

/** Is this the status of a rate-limited answer? */
export const isRateLimitSignal = (s: Signal): boolean => s.name === STATUS_SIGNAL && s.value === 429;

/** Does this signal decide on its own? */
export function isDecisive(s: Signal): boolean {
  if (s.kind === 'protocol') return s.controlled !== false;
  return s.kind === 'content' && s.contract !== undefined && s.controlled !== false;
}

/** Does the observation stand on a decisive protocol signal (not on the text, not on usage)? */
export function restsOnProtocol(signals: readonly Signal[]): boolean {
  return signals.some((s) => s.kind === 'protocol' && isDecisive(s));
}

export function confidenceOf(signals: readonly Signal[]): Confidence {
  if (!signals.length) return 'unobservable';
  return signals.some(isDecisive) ? 'decisive' : 'heuristic';
}

/**
 * The one place an observation's confidence is computed (the guard, the static gate and results.json all
 * read it here): a run-level gate made it blind → `unobservable`; otherwise what its signals carry, a
 * 429's status weighing nothing.
 */
export function observationConfidence(obs: Pick<Observation, 'signals' | 'gate'>): Confidence {
  if (obs.gate) return 'unobservable';
  return confidenceOf((obs.signals ?? []).filter((s) => !isRateLimitSignal(s)));
}

/** An observation that rests on what it read: the type asks for its signals (an empty list is `unobservable`). */
export function fromSignals(o: Observation & { signals: Signal[] }): Observation {
  return o;
}

/** One reading of a field and what it says on its own (`supported`, `ignored`, ...). */
export interface Side {
  says: string;
  signals: Signal[];
}

/**
 * Two readings of the same request that say different things (finish_reason "length", yet more completion
 * tokens than the limit): inconclusive, both sides in the evidence and the note, whichever is the stronger.
 * A verdict for either side would rest on ignoring the other.
 */
export function contradicted(a: Side, b: Side, evidence: Record<string, unknown>): Observation {
  const signals = [...a.signals, ...b.signals];
  return {
    observed: `contradictory (${a.says} vs ${b.says})`,
    evidence: { ...evidence, [a.says]: describeSignals(a.signals), [b.says]: describeSignals(b.signals) },
    signals,
    verdict: 'inconclusive',
    note: `the evidence contradicts itself: ${describeSignals(a.signals)} says ${a.says}; ${describeSignals(b.signals)} says ${b.says}`,
  };
}

/** A protocol signal; with `control`, `controlled` says whether the control isolates the field. */
export function protocol(name: string, value: unknown, control?: { value: unknown; isolates: boolean }): Signal {
  return control ? { kind: 'protocol', name, value, control: control.value, controlled: control.isolates } : { kind: 'protocol', name, value };
}

/** The protocol signal of an exchange that got no HTTP answer: the transport error's kind. */
export function transportSignal(ex: { error?: { kind?: string } }): Signal {
  return protocol('transport.error', ex.error?.kind ?? null);
}

/** What an exchange answered at the protocol level: its HTTP status, or the transport error when it got none. */
export function answerSignal(ex: { response?: { status: number }; error?: { kind?: string } }): Signal {
  return ex.response ? protocol(STATUS_SIGNAL, ex.response.status) : transportSignal(ex);
}

export function accounting(name: string, value: unknown, control?: unknown): Signal {
  return control === undefined ? { kind: 'accounting', name, value } : { kind: 'accounting', name, value, control };
}

export function content(name: string, value: unknown, control?: unknown): Signal {
  return control === undefined ? { kind: 'content', name, value } : { kind: 'content', name, value, control };
}

/**
 * A content signal read against the field's contract stated over the text (`contract`: what the text must
 * be). With `control`, `controlled` says whether the control isolates the field (a "supported" that rests on
 * an absence needs a control that shows the text would otherwise have it).
 */
export function contractual(name: string, value: unknown, contract: string, control?: { value: unknown; isolates: boolean }): Signal {
  const s: Signal = { kind: 'content', name, value, contract };
  return control ? { ...s, control: control.value, controlled: control.isolates } : s;
}

/** The signals in one line, for a message: `accounting usage.prompt_tokens 17 (control 17)`. */
export function describeSignals(signals: readonly Signal[] | undefined): string {
  return (signals ?? []).map((s) => `${s.kind} ${s.name} ${short(s.value)}${'control' in s ? ` (control ${short(s.control)})` : ''}`).join('; ');
}

function short(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The fields a CaseResult carries about its evidence (results.json): the signals and the gate, if any. */
export function evidenceFields(obs: Observation): { signals?: Signal[]; gate?: Observation['gate'] } {
  return {
    ...(obs.signals?.length
      ? { signals: obs.signals.map((s) => ({ ...s, value: capped(s.value), ...('control' in s ? { control: capped(s.control) } : {}) })) }
      : {}),
    ...(obs.gate ? { gate: obs.gate } : {}),
  };
}

/** A signal value as stored in results: small values as they are, larger ones as a preview string. */
function capped(v: unknown): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  if (typeof v === 'string') return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return text.length > 200 ? `${text.slice(0, 200)}…` : v;
}
