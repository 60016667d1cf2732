/**
 * The check of the Responses API rows (`responses.<check>`, registered in src/checks/registry/responses.ts):
 * how a row is observed and judged; each check's own reading is in src/cases/responses-checks.ts.
 *
 * Every case first reads the shared baseline answer (POST /responses, sent once per run). Where it shows the
 * operation is not there (404/405) or refused, `responses.object` is the one finding (a failure where the profile
 * declares the API, with the status) and every other case skips saying so: a target without /responses gets one
 * clear line, not twenty identical failures. Where the profile declares the operation unsupported
 * (`endpoints.responses`), `responses.object` checks the refusal and the rest skip, sending nothing.
 *
 * Each check reads the fewest requests it can: the shape checks the baseline answer, the stream checks one
 * shared baseline stream, the feature checks one request each with the baseline as their control (store reads
 * the retrieval of the baseline too). A check's outcome is judged by its row: `required` fails when broken,
 * `optional` cannot fail (a skip saying what was seen), `unsupported` expects the feature refused (4xx) or not
 * honoured, and fails when it is honoured. Failures rest on protocol signals (a status, a field, an event).
 */
import type { Profile, ResponsesRow } from '../../spec/profile.types.js';
import type { Exchange } from '../../transport/types.js';
import type { CaseIO, Judgement, Observation, Signal, Verdict } from '../../cases/types.js';
import { fail, inconclusive, pass, settledByObservation, skip, statusSignals } from '../../cases/verdicts.js';
import { protocol, STATUS_SIGNAL } from '../../cases/evidence.js';
import { responsesDeclared } from './declared.js';
import { RESPONSES_CHECKS, type Outcome } from '../../cases/responses-checks.js';
import { gateOf, sendResponses, type Gate } from '../../cases/responses-requests.js';
import type { RowCheck } from '../registry/types.js';

/** What each case reads (requests it may send, by kind) and what it decides: the registry's view of the area. */
export const RESPONSES_CASES: Readonly<Record<string, { reads: string[]; decides: string }>> = Object.fromEntries(
  Object.entries(RESPONSES_CHECKS).map(([key, c]) => [`responses.${key}`, { reads: c.reads, decides: c.decides }]),
);

/** Observed once, judged against the row of the profile it is judged against (declared vs OpenAI parity). */
export const responsesCheck: RowCheck<ResponsesRow> = {
  describe: (r) => r.status,
  observe: (io, key) => observeCheck(io, key),
  judge: (obs, row, key, against) => judgeCheck(obs, row, key, against),
};

const skipped = (note: string, evidence: Record<string, unknown> = {}): Observation => ({
  observed: 'not checked',
  evidence,
  verdict: 'skip',
  note,
});

async function observeCheck(io: CaseIO, key: string): Promise<Observation> {
  const check = RESPONSES_CHECKS[key];
  if (!check) return skipped(`no check is defined for the responses row "${key}"`);
  if (responsesDeclared(io.profile) === 'unsupported' && key !== 'object') {
    return skipped('the profile declares the Responses API unsupported (endpoints.responses): responses.object checks the refusal');
  }
  const baseline = await sendResponses(io, 'baseline');
  const gate = gateOf(baseline);
  if (gate.kind === 'rate-limited') {
    return { ...skipped(`${gate.why}: whether the target serves it is unknown`, { status: 429 }), verdict: 'inconclusive', signals: statusSignals([baseline]) };
  }
  if (gate.kind !== 'served') {
    if (key !== 'object') return skipped(`${gate.why} (responses.object reports it)`, { status: gate.status ?? null });
    // The one finding of a target without the operation; judged against each profile's declaration.
    return {
      observed: gate.kind,
      evidence: { status: gate.status ?? null },
      facts: { gate },
      // How the operation answered (its status, or none): the whole finding of a target without it.
      signals: [protocol(gate.status === undefined ? 'responses.answer' : STATUS_SIGNAL, gate.status ?? gate.kind)],
      note: gate.why,
    };
  }
  const outcome = await check.observe(io, { baseline, json: gate.json });
  return toObservation(outcome, [baseline, ...(outcome.exchanges ?? [])]);
}

function toObservation(o: Outcome, exchanges: Exchange[]): Observation {
  const signals: Signal[] = [...statusSignals(exchanges), ...(o.signals ?? [])];
  // A check that recorded what it read is judged by that (a usage count stays accounting); one that did not read
  // anything but the protocol field it names is decisive on that field.
  if ((o.verdict === 'pass' || o.verdict === 'fail') && !o.signals?.length) signals.push(protocol(o.signal ?? 'responses.protocol', o.verdict === 'pass'));
  const observed = o.refused
    ? 'refused'
    : o.verdict === 'pass'
      ? 'holds'
      : o.verdict === 'fail'
        ? 'broken'
        : o.verdict === 'skip'
          ? 'not judged'
          : 'not settled';
  return {
    observed,
    evidence: o.evidence,
    facts: { outcome: { verdict: o.verdict, message: o.message, refused: o.refused === true } },
    signals,
    note: o.message,
    ...(o.verdict === 'skip' || o.verdict === 'inconclusive' ? { verdict: o.verdict } : {}),
  };
}

export function judgeCheck(obs: Observation, row: ResponsesRow, key: string, against: Profile): Judgement {
  const settled = settledByObservation(obs);
  if (settled) return settled;
  const unsupported = responsesDeclared(against) === 'unsupported';
  const gate = obs.facts?.gate as Exclude<Gate, { kind: 'served' }> | undefined;
  if (gate) {
    if (gate.kind === 'unanswered') return inconclusive(gate.why);
    if (unsupported) {
      if (gate.status !== undefined && gate.status >= 400 && gate.status < 500)
        return pass(`${gate.why}: refused, as the profile declares the Responses API unsupported`);
      return inconclusive(`${gate.why}: neither served nor refused with a 4xx`);
    }
    return fail(`${gate.why}; the profile declares the Responses API served`);
  }
  if (unsupported && key === 'object')
    return fail('the profile declares the Responses API unsupported (endpoints.responses), but the baseline request was served');
  const o = obs.facts?.outcome as { verdict: Verdict; message: string; refused: boolean } | undefined;
  if (!o) return skip(obs.note ?? 'nothing to judge');
  if (row.status === 'optional') return skip(`declared optional, so it cannot fail; observed: ${obs.observed}: ${o.message}`);
  if (row.status === 'unsupported') {
    if (o.refused) return pass(`declared unsupported, and refused: ${o.message}`);
    if (o.verdict === 'fail') return pass(`declared unsupported, and not honoured: ${o.message}`);
    return fail(`declared unsupported, but honoured: ${o.message}`);
  }
  if (o.verdict === 'fail') return fail(o.message);
  if (o.verdict === 'pass') return pass(o.message);
  return inconclusive(o.message);
}
