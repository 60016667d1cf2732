/**
 * The evidence model: an observation's confidence follows from what it read, never from the probe's
 * opinion of itself.
 * - `decisive`: at least one protocol signal that stands on its own (no control applies) or that its
 *   control isolates (`controlled: true`);
 * - `heuristic`: only accounting (usage counts) or content (the text), or protocol signals whose control
 *   showed the same thing;
 * - `unobservable`: nothing was read.
 * A `fail` needs decisive evidence (the guard in verdicts.ts enforces it).
 */
import type { Confidence, Observation, Signal } from './types.js';

/** Does this signal decide on its own? */
export function isDecisive(s: Signal): boolean {
  return s.kind === 'protocol' && s.controlled !== false;
}

export function confidenceOf(signals: readonly Signal[]): Confidence {
  if (!signals.length) return 'unobservable';
  return signals.some(isDecisive) ? 'decisive' : 'heuristic';
}

/** An observation whose confidence is derived from its signals. */
export function fromSignals(o: Omit<Observation, 'confidence'> & { signals: Signal[] }): Observation {
  return { ...o, confidence: confidenceOf(o.signals) };
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
