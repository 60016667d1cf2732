/**
 * What every endpoint check starts from: one answer read once (status, JSON or not), and the judgement
 * shared by all operations — a supported operation answers 2xx with a JSON object whose shape the
 * operation's own check then reads; an unsupported one is refused like any bad request (the envelope rules
 * of src/checks/errors/envelope.ts: never 2xx, never 5xx, an error envelope); a partial one may be either.
 */
import type { EndpointRow, ErrorRow, Profile } from '../../spec/profile.types.js';
import type { Judgement, Observation } from '../../cases/types.js';
import type { Exchange } from '../../transport/types.js';
import { pass, fail, rateLimitedObservation } from '../../cases/verdicts.js';
import { bodyJson, bodyText } from '../../transport/http.js';
import { observeError, judgeError } from '../errors/envelope.js';
import { protocol, STATUS_SIGNAL, transportSignal } from '../../cases/evidence.js';

export interface Answer {
  status?: number;
  transport?: string;
  json?: unknown;
  /** The first characters of the body, for messages. */
  head: string;
}

export function readAnswer(ex: Exchange): Answer {
  if (!ex.response) return { transport: `${ex.error?.kind}: ${ex.error?.message}`, head: '' };
  const text = bodyText(ex);
  // Not JSON: json stays undefined and the shape check says so.
  return { status: ex.response.status, json: bodyJson(ex), head: text.length > 120 ? `${text.slice(0, 120)}…` : text };
}

/** The facts every endpoint observation carries: the main answer, and the error view of it for refusals. */
export interface EndpointFacts {
  answer: Answer;
  error: Observation;
  /** Further answers a variant needs (the float answer next to the base64 one), by name. */
  more?: Record<string, Answer>;
  /** Facts only some checks need (the model under test). */
  extra?: Record<string, unknown>;
}

export function endpointObservation(ex: Exchange, what: string, extra: Partial<EndpointFacts> = {}): Observation {
  const answer = readAnswer(ex);
  const error = observeError(ex);
  const facts: EndpointFacts = { answer, error, ...extra };
  const shape = shapeEvidence(answer.json);
  const summary = Object.entries(shape)
    .map(([k, v]) => (typeof v === 'number' ? `${k} ${v}` : String(v)))
    .join(', ');
  const observed =
    answer.status === undefined
      ? `no answer (${ex.error?.kind})`
      : answer.status >= 200 && answer.status < 300
        ? `${answer.status} ${answer.json === undefined ? 'not JSON' : summary || 'JSON'}`
        : error.observed;
  const obs: Observation = {
    observed,
    evidence: { ...shape, request: what, status: answer.status ?? answer.transport, body: answer.head },
    // The operation's answer itself: its status, whether it is a JSON object, and its shape (an endpoint row's whole claim).
    signals:
      answer.status === undefined
        ? [transportSignal(ex)]
        : [
            protocol(STATUS_SIGNAL, answer.status),
            protocol('body is a JSON object', answer.json !== null && typeof answer.json === 'object' && !Array.isArray(answer.json)),
            ...(summary ? [protocol('endpoint shape', summary)] : []),
          ],
    facts: facts as unknown as Record<string, unknown>,
  };
  // A 429 is the rate limiter's answer, not the operation's (nor is one to a further request a variant compares with).
  const limited = answer.status === 429 || Object.values(extra.more ?? {}).some((a) => a.status === 429);
  return limited ? { ...obs, ...rateLimitedObservation(what, obs.evidence), facts: obs.facts } : obs;
}

/** Numbers about a JSON answer, for the report: its object and status, array lengths, values per embedding. */
function shapeEvidence(json: unknown): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.length;
    else if ((k === 'object' || k === 'status') && typeof v === 'string') out[k] = v;
  }
  const first = (json as { data?: { embedding?: unknown }[] }).data?.[0]?.embedding;
  if (Array.isArray(first)) out.values = first.length;
  else if (typeof first === 'string') out.base64Chars = first.length;
  return out;
}

export function describeEndpointRow(row: EndpointRow): string {
  if (row.status === 'unsupported') return `unsupported (refused${row.error?.status ? ` with ${row.error.status}` : ''})`;
  return `${row.status}${row.streaming ? ', streaming' : ''}`;
}

/** The refusal an unsupported operation owes, as an error row: the declared status (4xx by default), param, code, type. */
function refusalRow(row: EndpointRow): ErrorRow {
  const e = row.error ?? {};
  return {
    status: e.status ?? '4xx',
    ...(e.param !== undefined ? { param: e.param } : {}),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.type ? { type: e.type } : {}),
    source: row.source,
  };
}

/**
 * Judges an endpoint answer against a row: unsupported → refused with an envelope; supported → 2xx and
 * no shape problem; partial → a refusal is allowed (not every model serves it), a 2xx must be well formed.
 */
export function judgeEndpoint(profile: Profile, shape: (facts: EndpointFacts, row: EndpointRow) => string[]) {
  return (obs: Observation, row: EndpointRow): Judgement => {
    const f = obs.facts as unknown as EndpointFacts;
    const a = f.answer;
    if (row.status === 'unsupported') {
      const j = judgeError(f.error, refusalRow(row), profile);
      return j.verdict === 'pass'
        ? pass(`refused: ${f.error.observed}, as declared (unsupported)`)
        : fail(`${j.message} (the operation is declared unsupported)`);
    }
    if (a.status === undefined) return fail(`no answer: ${a.transport}`);
    if (a.status < 200 || a.status >= 300) {
      if (row.status === 'partial' && a.status >= 400 && a.status < 500) return pass(`refused ${a.status} (declared partial: not every model serves it)`);
      return fail(`answered ${f.error.observed}, declared ${row.status}`);
    }
    if (a.json === null || typeof a.json !== 'object' || Array.isArray(a.json))
      return fail(`answered ${a.status} with ${a.json === undefined ? `a body that is not JSON: ${a.head || 'empty'}` : 'JSON that is not an object'}`);
    const problems = shape(f, row);
    return problems.length
      ? fail(problems.slice(0, 4).join('; ') + (problems.length > 4 ? `; … (${problems.length} problems)` : ''))
      : pass(`${obs.observed}, well formed (${describeEndpointRow(row)})`);
  };
}
