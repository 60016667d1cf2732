/**
 * top_p: the spread rule of spread.ts with the row's value (default 0.05, a nucleus of about one token) as
 * the narrow setting against the whole distribution (top_p left out: its default, 1). A small top_p must
 * collapse the spread the whole distribution shows. Its confidence is derived from the rule's signals
 * (spread.ts), never assigned here.
 *
 * Both settings are sampled at temperature 1.5 where the profile does not declare temperature rejected: the
 * wide samples are then temperature's own wide samples (`temperature: 1.5`, the same indexed requests,
 * samples.ts), so they cost nothing when temperature's case sends them, and the spread does not depend on the
 * target's default temperature (a target whose default is greedy shows no spread to collapse at it). A target
 * that ignores temperature samples both at its default instead: the comparison is still top_p's alone.
 * Only the collapse (supported) is read from that form: any other outcome, a refusal included, may be
 * temperature's or the pair's doing (some providers refuse temperature with top_p, others let temperature win),
 * so top_p then falls back to its own form, at the default temperature (the form used where temperature is
 * declared rejected), whose answer is the verdict. Its first narrow sample is sent alone, so a refusal costs one.
 * Requests: k to 2k, all fresh (spread.ts stops once the outcome is settled); the wide ones are shared with
 * request.temperature; a refused temperature form costs one request more, an uncollapsed one k to 2k more.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields } from './values.js';
import { notProbed } from './send.js';
import { HIGH_TEMPERATURE } from './samples.js';
import { judgeSpread, sampleSpread, spreadInGroup, type SpreadControl } from './spread.js';

/** top_p's own form: top_p alone, at whatever temperature the target defaults to. */
const alone = (narrow: number): SpreadControl => ({ field: 'top_p', narrow, wide: 1 });

/** The shared form: both settings at temperature 1.5, the wide one without top_p (temperature's wide samples). */
const atHighTemperature = (narrow: number): SpreadControl => ({
  field: 'top_p',
  narrow,
  wide: 1,
  send: (value) => (value === 1 ? { temperature: HIGH_TEMPERATURE } : { temperature: HIGH_TEMPERATURE, top_p: value }),
});

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  const narrow = requestProbeFields(key, row)?.top_p;
  // Only a value below 1 narrows anything; 1 is the wide setting itself.
  if (typeof narrow !== 'number' || !(narrow >= 0 && narrow < 1)) return notProbed('request.top_p (a number below 1)');
  // A control declared not honoured may be settled by the run's sampling group (group-sampling.ts).
  const grouped = await spreadInGroup(io, alone(narrow));
  if (grouped) return grouped;
  const shared = atHighTemperature(narrow);
  const first = io.profile.request?.temperature?.status === 'rejected' ? undefined : await sampleSpread(io, shared, { firstAlone: true });
  let atHigh: Observation | undefined;
  if (first?.ok) {
    atHigh = await judgeSpread(io, shared, first.narrow, first.wide, { temperature: HIGH_TEMPERATURE });
    // Only the collapse itself is read from the form that also sets temperature: any other outcome may be the
    // pair's doing (a server that lets temperature win over top_p), and top_p's own form decides.
    if (atHigh.observed === 'supported') return atHigh;
  }
  if (first && !first.ok && !first.refused) return first.observation;
  // The shared form refused, not collapsed (or temperature declared rejected): top_p's own form decides.
  const refusal = first
    ? first.ok
      ? { at_temperature: { observed: atHigh?.observed, distinct: atHigh?.evidence.distinct } }
      : { at_temperature_refused: first.observation.observed }
    : {};
  const own = alone(narrow);
  const o = await sampleSpread(io, own);
  return o.ok ? judgeSpread(io, own, o.narrow, o.wide, refusal) : { ...o.observation, evidence: { ...o.observation.evidence, ...refusal } };
}

export const topPProbe: Probe = { keys: ['request.top_p'], observe };
