/**
 * Sending a probe request and getting either a readable completion or the observation that settles the
 * case already (rejected, an error, a 2xx that is not a completion). Every decisive probe starts here, so
 * rejection is classified one way for all of them (classify.ts).
 */
import type { Exchange } from '../transport/types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import { classifyAnswer } from './classify.js';
import { readCompletion, type CompletionView } from './completion.js';
import { preview } from '../checks/json-path.js';
import { bodyText } from '../transport/http.js';
import { protocol, STATUS_SIGNAL } from '../cases/evidence.js';
import { isDryRunExchange } from '../transport/sched-dryrun.js';

export type Body = Record<string, unknown>;

export type Probed = { ok: true; ex: Exchange; view: CompletionView } | { ok: false; ex?: Exchange; observation: Observation };

/** A 2xx answer whose body is not a chat completion: the field broke the answer. */
function unreadable(ex: Exchange): Observation {
  const type = ex.response?.headers['content-type'] ?? null;
  return {
    observed: 'broken',
    evidence: { status: ex.response?.status, content_type: type, body: preview(bodyText(ex), 80) },
    signals: [protocol(STATUS_SIGNAL, ex.response?.status ?? null), protocol('body is a chat completion', false)],
    note: `answered ${ex.response?.status} with a body that is not a chat completion (content-type ${String(type)})`,
  };
}

/** Classifies an exchange that should hold a non-streamed completion. */
export function readAnswer(ex: Exchange): Probed {
  const a = classifyAnswer(ex);
  if (a.observation) return { ok: false, ex, observation: a.observation };
  const view = readCompletion(ex);
  return view ? { ok: true, ex, view } : { ok: false, ex, observation: unreadable(ex) };
}

/**
 * Is this answer a refusal of the request (not a readable completion), as opposed to one that says nothing
 * about its fields (a 429, a dry run)? A probe reading a request shared with other fields falls back to its
 * own request on a refusal, as group testing splits a refused group (group.ts).
 */
export function isRefusal(p: Probed): boolean {
  return !p.ok && !(p.ex && (p.ex.response?.status === 429 || isDryRunExchange(p.ex)));
}

/** POSTs a body to chat completions once (or as a fresh sample) and reads the answer. */
export async function sendChat(io: CaseIO, body: Body, purpose: string, opts: { fresh?: boolean } = {}): Promise<Probed> {
  const ex = await io.send({ method: 'POST', path: io.chatPath, json: body, purpose, ...(opts.fresh ? { fresh: true } : {}) });
  return readAnswer(ex);
}

/** POSTs the baseline body with `fields` added (a field set to undefined is removed: io.chat) and reads the answer. */
export async function sendFields(io: CaseIO, fields: Body, purpose: string, opts: { fresh?: boolean; sample?: number } = {}): Promise<Probed> {
  return readAnswer(await io.chat(fields, { purpose, ...(opts.fresh ? { fresh: true } : {}), ...(opts.sample !== undefined ? { sample: opts.sample } : {}) }));
}

/**
 * The shared non-streamed baseline, read. A baseline that fails leaves nothing to compare with: the
 * case is inconclusive (the response cases report the baseline's own failure).
 */
export async function baselineAnswer(io: CaseIO): Promise<Probed> {
  const r = readAnswer(await io.baseline(false));
  if (r.ok) return r;
  return {
    ok: false,
    observation: {
      observed: 'no baseline',
      evidence: r.observation.evidence,
      verdict: 'inconclusive',
      note: `the shared baseline failed (${r.observation.observed}), so there is nothing to compare the field's answer with`,
    },
  };
}

/** The observation for a field no probe value is known for (a row can add `value:`). */
export function notProbed(key: string): Observation {
  return { observed: 'not probed', evidence: {}, verdict: 'skip', note: `no probe value for ${key}: add \`value:\` to the row` };
}
