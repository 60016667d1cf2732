/**
 * stop: the stop string comes from the shared baseline's own text — its most frequent lowercase letter —
 * so that any natural answer from the same prompt contains it many times, whatever the model writes
 * (a fixed "." fails on a model that writes without one). OpenAI's contract: "the returned text will not
 * contain the stop sequence". Decision, on the probe's first choice:
 *  - the stop string does not occur → supported (decisive when the baseline had it at least 3 times,
 *    heuristic otherwise: a natural answer might simply lack it);
 *  - it occurs once, at the very end of a text cut to under half the baseline → broken (the server stops
 *    but returns the stop sequence, a known llama.cpp-style deviation);
 *  - it occurs otherwise → ignored (decisive).
 * The row's `value` is used only when the baseline has no letter to derive from.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields } from './values.js';
import { sendFields, baselineAnswer, notProbed } from './send.js';
import { firstContent } from './completion.js';
import { finishReason } from './signals.js';
import { contractual, fromSignals } from '../cases/evidence.js';

const STOP_CONTRACT = 'the returned text will not contain the stop sequence';

/** The most frequent lowercase ASCII letter of a text (ties: the earliest in the alphabet), with its count. */
export function stopFromText(text: string): { stop: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const ch of text) if (ch >= 'a' && ch <= 'z') counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let best: { stop: string; count: number } | undefined;
  for (const [stop, count] of [...counts].sort()) if (!best || count > best.count) best = { stop, count };
  return best;
}

export function occurrences(text: string, s: string): number {
  if (!s) return 0;
  let n = 0;
  for (let at = text.indexOf(s); at !== -1; at = text.indexOf(s, at + s.length)) n++;
  return n;
}

/** The baseline read, its text, and the stop string derived from it (or the row's value). */
async function chooseStop(io: CaseIO, key: string, row: FieldRow | undefined) {
  const base = await baselineAnswer(io);
  const natural = base.ok ? firstContent(base.view) : '';
  const derived = stopFromText(natural);
  const fallback = requestProbeFields(key, row)?.stop;
  const stop =
    derived?.stop ?? (typeof fallback === 'string' ? fallback : Array.isArray(fallback) && typeof fallback[0] === 'string' ? fallback[0] : undefined);
  return { base, natural, stop };
}

/** The fields the probe's request adds to the baseline (group-ignored.ts sends them beside other fields). */
export async function stopFields(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Record<string, unknown> | undefined> {
  const { stop } = await chooseStop(io, key, row);
  return stop ? { stop: [stop] } : undefined;
}

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const { base, natural, stop } = await chooseStop(io, key, row);
  if (!stop) return base.ok ? notProbed('request.stop') : base.observation;

  const probe = await sendFields(io, { stop: [stop] }, 'request.stop');
  if (!probe.ok) return probe.observation;
  const text = firstContent(probe.view);
  const inBaseline = occurrences(natural, stop);
  const found = occurrences(text, stop);
  const evidence = {
    stop,
    occurrences: [found, inBaseline],
    chars: [text.length, natural.length],
    finish_reason: finishReason(io.profile, probe.view.choices[0]) ?? null,
  };
  // OpenAI's contract is stated over the text itself, so the text is this field's protocol (a contractual
  // content signal): on a target whose answers do not follow the prompt, the static gate still discards it.
  // An absence says "supported" only when the baseline shows the text would otherwise have it.
  const read = contractual('occurrences of the stop sequence in choices[0].message.content', found, STOP_CONTRACT, {
    value: inBaseline,
    isolates: inBaseline >= 3,
  });
  if (found === 0) {
    return inBaseline >= 3
      ? fromSignals({ observed: 'supported', evidence, signals: [read] })
      : fromSignals({
          observed: 'supported',
          evidence,
          signals: [read],
          note: `the baseline has ${JSON.stringify(stop)} only ${inBaseline} time(s), so its absence may be chance`,
        });
  }
  // Returning the stop sequence breaks the contract whatever the control shows: no control applies.
  const broke = contractual('occurrences of the stop sequence in choices[0].message.content', found, STOP_CONTRACT);
  if (found === 1 && text.endsWith(stop) && text.length < natural.length / 2) {
    return fromSignals({
      observed: 'broken',
      evidence,
      signals: [broke],
      note: `the text stops at ${JSON.stringify(stop)} but ends with it; the stop sequence must not be returned`,
    });
  }
  return fromSignals({
    observed: 'ignored',
    evidence,
    signals: [broke],
    note: `the text contains the stop sequence ${JSON.stringify(stop)} ${found} time(s)`,
  });
}

export const stopProbe: Probe = { keys: ['request.stop'], observe };
