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
 */
import type { Confidence, Observation, Signal } from './types.js';

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

/** An observation whose confidence is derived from its signals. */
export function fromSignals(o: Omit<Observation, 'confidence'> & { signals: Signal[] }): Observation {
  return { ...o, confidence: confidenceOf(o.signals) };
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
    confidence: confidenceOf(signals),
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
