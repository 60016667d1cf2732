/**
 * The verdict for a request or message field: what was declared (supported, ignored, stripped, rejected,
 * unsupported, partial) against what the probe observed. An effect that could not be observed is never a pass;
 * a row whose `claim` is `acceptance` has no effect beyond acceptance, so a 2xx chat completion decides it.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { Judgement, Observation } from '../cases/types.js';
import { pass, fail, skip, settledByObservation } from '../cases/verdicts.js';
import { statusMatches } from '../checks/errors/envelope.js';
import { protocol, STATUS_SIGNAL } from '../cases/evidence.js';

export function describeFieldRow(row: FieldRow): string {
  if (row.status === 'rejected' && row.error) {
    const e = row.error;
    return `rejected${e.status ? ` ${e.status}` : ''}${e.param !== undefined ? ` (param ${JSON.stringify(e.param)})` : ''}`;
  }
  if (row.status === 'partial' && row.fallback) return `partial (falls back to ${row.fallback})`;
  return row.status;
}

const NOT_HONOURED = new Set(['ignored', 'stripped', 'unsupported']);

/** The probe's own explanation (which signal, why a fallback), appended to the verdict's message. */
const why = (obs: Observation): string => (obs.note ? `: ${obs.note}` : '');

export function judgeField(obs: Observation, row: FieldRow): Judgement {
  const settled = settledByObservation(obs);
  if (settled) return settled;
  const declared = describeFieldRow(row);
  const ev = obs.evidence;
  switch (obs.observed) {
    case 'error':
      return fail(`the field was answered with an error, not accepted or cleanly rejected: ${obs.note ?? JSON.stringify(ev)}`);
    case 'rejected': {
      if (row.status === 'rejected') {
        const f = obs.facts ?? {};
        const problems: string[] = [];
        if (row.error?.status !== undefined && !statusMatches(Number(f.status), row.error.status))
          problems.push(`status ${String(f.status)}, declared ${row.error.status}`);
        if (row.error && 'param' in row.error && row.error.param !== undefined && f.param !== row.error.param)
          problems.push(`param ${JSON.stringify(f.param ?? null)}, declared ${JSON.stringify(row.error.param)}`);
        if (!f.envelope) problems.push('no {"error":{...}} envelope');
        return problems.length
          ? fail(`rejected, but ${problems.join('; ')}`)
          : pass(`rejected with ${String(f.status)}${f.param !== undefined ? ` (param ${JSON.stringify(f.param)})` : ''}, as declared`);
      }
      if (row.status === 'unsupported') {
        // "Accepted or a clean 4xx": a refusal without the envelope is not clean (the SDKs lose type and code).
        if (row.claim === 'acceptance' && !obs.facts?.envelope)
          return fail(
            `rejected with ${String(ev.status)} but without the {"error":{...}} envelope, declared unsupported (accepted or a clean 4xx): ${String(ev.message)}`,
          );
        return pass(`rejected with ${String(ev.status)}; declared unsupported (ignored or rejected)`);
      }
      return fail(`rejected with ${String(ev.status)} (param ${JSON.stringify(ev.param)}), declared ${declared}`);
    }
    case 'supported':
      if (row.status === 'supported' || row.status === 'partial') return pass(`the effect was observed, as declared ${declared}${why(obs)}`);
      return fail(`the effect was observed, but declared ${declared}${why(obs)}`);
    case 'partial':
      if (row.status === 'partial') return pass(`honoured in part, as declared ${declared}${why(obs)}`);
      return fail(`honoured only in part, declared ${declared}${why(obs)}`);
    case 'broken':
      return fail(`accepted, but the answer contradicts the field${why(obs) || `: ${JSON.stringify(ev)}`}`);
    case 'ignored':
      if (NOT_HONOURED.has(row.status) || row.status === 'partial') return pass(`accepted with no effect, as declared ${declared}${why(obs)}`);
      return fail(`accepted with no effect, declared ${declared}${why(obs)}`);
    case 'accepted':
      // The 2xx itself decides against a declared rejection: no control applies, the claim is about this answer's status.
      if (row.status === 'rejected')
        return { ...fail(`accepted with ${String(ev.status ?? '2xx')}, declared ${declared}`), signals: [protocol(STATUS_SIGNAL, ev.status ?? null)] };
      if (row.claim === 'acceptance' && obs.facts?.completion === true) {
        if (row.status === 'supported' || row.status === 'partial')
          return pass(`accepted (${String(ev.status)} with a chat completion): acceptance is the row's claim, as declared ${declared}`);
        if (row.status === 'unsupported') return pass(`accepted (${String(ev.status)} with a chat completion); declared unsupported (accepted or a clean 4xx)`);
      }
      return skip(`accepted; the effect is unobservable from outside, so "${declared}" cannot be confirmed${why(obs)}`);
    default:
      return skip(`${obs.observed}: ${obs.note ?? ''}`);
  }
}
