/**
 * How a request header row is verified (`header.<name>`, direction request):
 * - `tolerated`: a request carrying it is answered as without it (2xx and a JSON object). The tolerated
 *   headers ride on ONE good request together (group testing, src/probes/group-headers.ts), as the SDKs send
 *   them together; only when it is refused does the group split, down to each refused header alone.
 * - `ignored`: the header has no effect; the observable part is that a streamed request carrying it is
 *   still a stream (OpenAI's SDKs send `Accept: application/json` when streaming too). When it is not,
 *   the control decides: the same streamed request with another value (`Accept: *\/*` for Accept) —
 *   a stream there means the header changed the answer (fail); no stream there either means the target
 *   does not stream at all, which is request.stream's verdict, not this header's (inconclusive).
 * Values: the official SDK's own (User-Agent, X-Stainless-*), made-up ids for account headers
 * (OpenAI-Organization, OpenAI-Project), or the row's `value`.
 */
import type { HeaderRow } from '../../spec/profile.types.js';
import type { CaseIO, Judgement, Observation } from '../../cases/types.js';
import type { Signal } from '../../cases/types.js';
import { protocol, STATUS_SIGNAL, transportSignal } from '../../cases/evidence.js';
import type { Exchange, OutgoingRequest } from '../../transport/types.js';
import { pass, fail, inconclusive, skip } from '../../cases/verdicts.js';
import { sniffBody } from '../../sse/detect.js';
import { classifyAnswer } from '../../probes/classify.js';
import { bodyJson } from '../../transport/http.js';
import { preview } from '../json-path.js';
import { sdkHeaders } from './sdk-headers.js';
import { sendGrouped, type GroupedAnswer } from '../../probes/group.js';

/** Made-up account ids: a provider that validates them will refuse them (judged inconclusive, not failed). */
const ACCOUNT_IDS: Record<string, string> = {
  'openai-organization': 'org-oaicompat000000000000000000',
  'openai-project': 'proj_oaicompat0000000000000000',
};

/** What a refusal said, from classifyAnswer's evidence (already a short preview). */
export function refusalText(obs: Observation): string {
  const m = obs.evidence.message ?? obs.evidence.body ?? obs.note;
  return typeof m === 'string' ? m : preview(m, 100);
}

/** Whether the probe makes up the value it sends (an account id, a placeholder): a target may validate it and refuse. */
export function madeUpValue(headers: Record<string, string>, row: Pick<HeaderRow, 'value'>): boolean {
  return row.value === undefined && Object.entries(headers).some(([k, v]) => ACCOUNT_IDS[k] === v || v === 'oai-compat');
}

export function isRequestRow(row: HeaderRow): boolean {
  return row.direction === 'request' || row.status === 'tolerated' || row.status === 'ignored';
}

/** The header(s) a request-header row stands for, with the values to send (lower-case names). */
export async function headersFor(name: string, row: Pick<HeaderRow, 'value'>): Promise<Record<string, string>> {
  const key = name.toLowerCase();
  if (key.endsWith('*')) {
    const prefix = key.slice(0, -1);
    return Object.fromEntries(Object.entries(await sdkHeaders()).filter(([k]) => k.startsWith(prefix)));
  }
  if (row.value !== undefined) return { [key]: row.value };
  if (ACCOUNT_IDS[key]) return { [key]: ACCOUNT_IDS[key] };
  if (key === 'accept') return { accept: 'application/json' };
  const sdk = await sdkHeaders();
  return { [key]: sdk[key] ?? 'oai-compat' };
}

interface RequestHeaderFacts {
  status?: number;
  contentType?: string;
  /** `ignored` rows: the answer with the header is an event stream (by its bytes or its label). */
  streamed?: boolean;
  /** The answer is a JSON object (what a chat completion is). */
  json?: boolean;
  refusal?: string;
  transport?: string;
  /** A value the probe made up (an account id): a 401/403 may be the target validating it, not refusing the header. */
  madeUp?: boolean;
  /** `ignored` rows: the control (the streamed request with another value) was a stream / its content-type. */
  controlStreamed?: boolean;
  controlContentType?: string;
}

/** An answer that is an event stream, told by its bytes or its label (a stream mislabelled is still a stream: src/sse/detect.ts). */
const streamed = (ex: Exchange): boolean =>
  ex.response !== undefined &&
  ex.response.status >= 200 &&
  ex.response.status < 300 &&
  sniffBody(ex.response.reads, ex.response.headers['content-type']).kind === 'event-stream';

/** The control value of a header: what a request without the probe's value sends instead. */
const CONTROL_VALUES: Record<string, string> = { accept: '*/*' };

export function describeRequestHeaderRow(row: HeaderRow): string {
  return row.status === 'ignored' ? 'ignored (no effect: a streamed request carrying it still streams)' : 'tolerated (a request carrying it succeeds)';
}

export async function observeRequestHeader(io: CaseIO, name: string, row: HeaderRow): Promise<Observation> {
  const mine = await headersFor(name, row);
  const request = (headers: Record<string, string>, stream: boolean): OutgoingRequest => ({
    method: 'POST',
    path: io.chatPath,
    json: io.baselineBody(stream),
    headers,
    purpose: `header.${name}`,
  });
  const send = (headers: Record<string, string>, stream: boolean) => io.send(request(headers, stream));
  const evidence: Record<string, unknown> = { sent: Object.keys(mine).join(', ') };
  let ex: Exchange;
  let grouped: GroupedAnswer['grouped'];
  const facts: RequestHeaderFacts = { madeUp: madeUpValue(mine, row) };
  if (row.status === 'ignored') {
    // The shared streamed baseline already carries the header when the transport sends that value by default.
    const base = await io.baseline(true);
    ex = Object.entries(mine).every(([k, v]) => base.request.headers[k] === v) ? base : await send(mine, true);
  } else {
    // Tolerated headers ride on one good request together, split on a refusal (group-headers.ts).
    ({ ex, grouped } = await sendGrouped(io, `header.${name}`, () => request(mine, false)));
    Object.assign(evidence, grouped?.evidence);
  }
  facts.status = ex.response?.status;
  const body = bodyJson(ex);
  facts.json = body !== null && typeof body === 'object' && !Array.isArray(body);
  facts.contentType = ex.response?.headers['content-type'];
  facts.streamed = streamed(ex);
  if (!ex.response) facts.transport = `${ex.error?.kind}: ${ex.error?.message}`;
  const a = classifyAnswer(ex);
  if (a.observation) facts.refusal = refusalText(a.observation);
  evidence.status = facts.status ?? facts.transport;
  if (row.status === 'ignored') evidence.contentType = facts.contentType ?? null;
  if (row.status === 'ignored' && ex.response && a.accepted && !facts.streamed) {
    // Not a stream with the header: is it the header's doing? The same streamed request with another value.
    const control = Object.fromEntries(Object.keys(mine).map((k) => [k, CONTROL_VALUES[k] ?? '']));
    const c = await send(control, true);
    facts.controlContentType = c.response?.headers['content-type'];
    facts.controlStreamed = streamed(c);
    evidence.control = `${Object.entries(control)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')} → ${c.response?.status ?? c.error?.kind} ${facts.controlContentType ?? ''}`.trim();
  }
  return {
    observed: !ex.response ? `no answer (${ex.error?.kind})` : a.accepted ? 'accepted' : `refused ${facts.status}`,
    signals: requestHeaderSignals(ex, row, facts),
    evidence,
    facts: facts as unknown as Record<string, unknown>,
    ...(grouped ? { note: grouped.note } : {}),
  };
}

/**
 * What the observation rests on: the status (and, for `tolerated`, that the answer is a JSON object); for an
 * `ignored` row answered but not streamed, the stream reading against its control (the same request with
 * another value): decisive only when the control streamed, so the header made the difference.
 */
function requestHeaderSignals(ex: Exchange, row: HeaderRow, f: RequestHeaderFacts): Signal[] {
  if (f.status === undefined) return [transportSignal(ex)];
  const status = protocol(STATUS_SIGNAL, f.status);
  if (row.status !== 'ignored') return f.status >= 200 && f.status < 300 ? [status, protocol('body is a JSON object', f.json === true)] : [status];
  if (f.controlStreamed === undefined) return [status, ...(f.status >= 200 && f.status < 300 ? [protocol(STREAMED, f.streamed === true)] : [])];
  return [protocol(STREAMED, f.streamed === true, { value: f.controlStreamed, isolates: f.controlStreamed !== (f.streamed === true) })];
}

const STREAMED = 'sse.event-stream (streamed request carrying the header)';

export function judgeRequestHeader(name: string) {
  return (obs: Observation, row: HeaderRow): Judgement => {
    const f = obs.facts as unknown as RequestHeaderFacts;
    if (f.status === undefined) return fail(`no answer to a request carrying ${name}: ${f.transport}`);
    if (f.status === 429) return inconclusive(`rate-limited (429): the answer to a request carrying ${name} was not seen`);
    if ((f.status === 401 || f.status === 403) && f.madeUp) {
      // The header was read and its made-up value refused: an account id only the key's owner can supply.
      return inconclusive(`refused with ${f.status}: the target validates ${name}, and the probe's made-up value is not one of the account's (${f.refusal})`);
    }
    if (f.status < 200 || f.status >= 300) return fail(`a request carrying ${name} was answered ${f.status}, declared ${row.status}: ${f.refusal}`);
    if (row.status === 'tolerated' && !f.json)
      return fail(`a request carrying ${name} was answered ${f.status} without a JSON object: the answer is not the one a request without it gets`);
    if (row.status === 'ignored' && !f.streamed) {
      if (!f.controlStreamed) {
        // Neither request streamed: the target does not stream here, and the header is not the cause.
        return skip(
          `a streamed request carrying ${name} was answered as ${f.contentType ?? 'no content-type'}, and so was the control without it (${f.controlContentType ?? 'no answer'}): the target does not stream here at all (see request.stream), so the header's effect is not seen`,
        );
      }
      return fail(
        `a streamed request carrying ${name} was answered as ${f.contentType ?? 'no content-type'}, not a stream, while the same request with another value streamed (${f.controlContentType}): the header changed the answer`,
      );
    }
    return pass(`${obs.observed} (${f.status}), as declared (${describeRequestHeaderRow(row)})`);
  };
}
