/**
 * How a response field of the non-streamed chat completion is verified: read the path in the shared
 * baseline response and compare presence, emptiness, type, const/enum, length and format with the row,
 * and, for `sumOf`, that the number is the sum of its siblings in the same answer.
 */
import type { ResponseRow } from '../spec/profile.types.js';
import type { CaseIO, Judgement, Observation } from '../cases/types.js';
import { pass, fail, skip } from '../cases/verdicts.js';
import { bodyJson } from '../transport/http.js';
import { probeBody } from '../probes/generic.js';
import { logprobsAnswer } from '../probes/logprobs.js';
import { asDecided } from '../probes/group-ignored.js';
import type { Exchange } from '../transport/types.js';
import { valuesAt, jsonType, hasType, isEmptyValue, preview, type PathHit } from './json-path.js';
import { protocol, answerSignal } from '../cases/evidence.js';

export function describeResponseRow(row: ResponseRow): string {
  const type = row.type ? ` ${Array.isArray(row.type) ? row.type.join('|') : row.type}` : '';
  const extra = [
    row.const !== undefined ? `= ${JSON.stringify(row.const)}` : '',
    row.enum ? `in ${row.enum.map((e) => JSON.stringify(e)).join('|')}` : '',
    row.length !== undefined ? `length ${row.length}` : '',
    row.format ?? '',
    row.sumOf ? `= ${row.sumOf.join(' + ')}` : '',
  ].filter(Boolean);
  return `${row.status}${row.status === 'empty' || row.status === 'absent' ? '' : type}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/**
 * Fields the baseline cannot show: read them also on the answer to the request that produces them, the same
 * request the field's probe reads (so shared, at no extra cost; when that probe was grouped with other fields
 * declared ignored, the request its group's quiet answer stands for: asDecided). A refused request adds nothing.
 */
const PRODUCED_BY: [prefix: string, answer: (io: CaseIO) => Promise<{ key: string; ex: Exchange } | undefined>][] = [
  ['choices[].message.tool_calls', (io) => sendProbeBody(io, 'tool_choice.required')],
  // request.logprobs reads request.top_logprobs's answer where the profile allows (logprobs.ts): so does this row;
  // a grouped logprobs probe reads its own request as its group decided (logprobs.ts shares only when ungrouped).
  [
    'choices[].logprobs',
    async (io) => {
      const a = await logprobsAnswer(await asDecided(io, 'request.logprobs'), undefined);
      return a?.probe.ex && { key: a.via.replace(/^request\./, ''), ex: a.probe.ex };
    },
  ],
];

async function sendProbeBody(io: CaseIO, key: string): Promise<{ key: string; ex: Exchange } | undefined> {
  const body = probeBody(io, 'request', key, undefined);
  // A probe request grouped with other fields declared ignored is answered as its group decided (group-ignored.ts).
  const sender = await asDecided(io, `request.${key}`);
  return body && { key, ex: await sender.send({ method: 'POST', path: io.chatPath, json: body, purpose: `request.${key}` }) };
}

async function producingAnswer(io: CaseIO, path: string): Promise<{ key: string; json: unknown } | undefined> {
  const hit = PRODUCED_BY.find(([prefix]) => path === prefix || path.startsWith(`${prefix}[]`) || path.startsWith(`${prefix}.`));
  const answer = hit && (await hit[1](io));
  const status = answer?.ex.response?.status ?? 0;
  return answer && status >= 200 && status < 300 ? { key: answer.key, json: bodyJson(answer.ex) } : undefined;
}

export async function observeResponseField(io: CaseIO, path: string): Promise<Observation> {
  const ex = await io.baseline(false);
  const status = ex.response?.status;
  if (status === undefined || status < 200 || status >= 300) {
    return {
      observed: status === undefined ? `no response (${ex.error?.kind})` : `baseline answered ${status}`,
      evidence: { status: status ?? null, error: ex.error?.message ?? null },
      signals: [answerSignal(ex)],
      facts: { hits: [], broken: true },
    };
  }
  const json = bodyJson(ex);
  if (json === undefined) {
    return {
      observed: 'baseline body is not JSON',
      evidence: { contentType: ex.response?.headers['content-type'] ?? null },
      signals: [protocol('body is JSON', false)],
      facts: { hits: [], broken: true },
    };
  }
  const hits = valuesAt(json, path);
  const answers: Answer[] = [{ label: 'the baseline', json }];
  const produced = await producingAnswer(io, path);
  if (produced?.json !== undefined) {
    hits.push(
      ...valuesAt(produced.json, path)
        .filter((h) => h.present)
        .map((h) => ({ ...h, path: `${h.path} (${produced.key} answer)` })),
    );
    answers.push({ label: `the ${produced.key} answer`, json: produced.json });
  }
  return {
    observed: summarise(hits),
    evidence: Object.fromEntries(hits.slice(0, 4).map((h) => [h.path, h.present ? preview(h.value) : 'absent'])),
    // The answer's own field, present or absent, is the row's whole claim: protocol, no control applies (usage
    // counts included: a response row checks the answer's shape and its documented arithmetic, not an effect).
    signals: [
      protocol(
        `response ${path}`,
        hits.slice(0, 4).map((h) => (h.present ? preview(h.value) : 'absent')),
      ),
    ],
    facts: { hits, answers, path, hasText: baselineHasText(json) },
  };
}

/** An answer the field was read from, kept whole so a judge can relate the field to its siblings (`sumOf`). */
interface Answer {
  label: string;
  json: unknown;
}

/** The one number at `path` in an answer, or undefined (absent, not a number, or several values). */
function numberAt(json: unknown, path: string): number | undefined {
  const hits = valuesAt(json, path).filter((h) => h.present);
  return hits.length === 1 && typeof hits[0].value === 'number' && Number.isFinite(hits[0].value) ? hits[0].value : undefined;
}

/**
 * `sumOf`: the answer's own numbers contradict each other (total_tokens ≠ prompt + completion). Decided only
 * where the field and every summand are numbers in the same answer; a missing summand is its own row's finding.
 */
function sumProblems(answers: Answer[], path: string, parts: string[]): string[] {
  const out: string[] = [];
  for (const a of answers) {
    const total = numberAt(a.json, path);
    const values = parts.map((p) => numberAt(a.json, p));
    if (total === undefined || values.some((v) => v === undefined)) continue;
    const sum = (values as number[]).reduce((x, y) => x + y, 0);
    if (total !== sum) out.push(`${path} is ${total} in ${a.label}, but ${parts.map((p, i) => `${p} ${values[i]}`).join(' + ')} = ${sum}`);
  }
  return out;
}

/** Does the baseline answer carry text (so a completion_tokens of 0 counts nothing that was written)? */
function baselineHasText(json: unknown): boolean {
  return valuesAt(json, 'choices[].message.content').some((h) => typeof h.value === 'string' && h.value.length > 0);
}

/**
 * Usage counts that cannot be 0 on the baseline: its prompt is not empty, and it has text when
 * completion_tokens is asked about. A 0 there is a count of nothing, not a populated field (issue #11).
 */
function zeroCount(path: string, v: unknown, hasText: boolean): boolean {
  if (v !== 0) return false;
  return path === 'usage.prompt_tokens' || path === 'usage.total_tokens' || (path === 'usage.completion_tokens' && hasText);
}

function summarise(hits: PathHit[]): string {
  const kinds = new Set(
    hits.map((h) => (!h.present ? 'absent' : h.value === null ? 'null' : isEmptyValue(h.value) ? `empty ${jsonType(h.value)}` : jsonType(h.value))),
  );
  return [...kinds].join(', ') || 'absent';
}

export function judgeResponseField(obs: Observation, row: ResponseRow): Judgement {
  const hits = (obs.facts?.hits ?? []) as PathHit[];
  if (obs.facts?.broken) return fail(`cannot read the field: ${obs.observed}`);
  const problems: string[] = [];
  for (const h of hits) {
    const v = h.value;
    switch (row.status) {
      case 'empty':
        if (h.present && !isEmptyValue(v)) problems.push(`${h.path} is ${preview(v)}, declared always empty`);
        break;
      case 'absent':
        if (h.present && v !== null) problems.push(`${h.path} is present (${preview(v)}), declared absent`);
        break;
      case 'populated':
        if (!h.present) problems.push(`${h.path} is absent`);
        else if (v === null) problems.push(`${h.path} is null`);
        else if (isEmptyValue(v) && typeof v !== 'number') problems.push(`${h.path} is empty (${preview(v)})`);
        else if (zeroCount(h.path, v, obs.facts?.hasText === true))
          problems.push(`${h.path} is 0 for the baseline's non-empty prompt and answer: a count of nothing, not a populated count`);
        else problems.push(...valueProblems(h, row));
        break;
      case 'present':
        if (!h.present) problems.push(`${h.path} is absent (the key is required)`);
        else problems.push(...valueProblems(h, row));
        break;
      case 'optional':
        if (h.present && v !== null) problems.push(...valueProblems(h, row));
        break;
    }
  }
  if (row.sumOf && (row.status === 'populated' || row.status === 'present' || row.status === 'optional')) {
    problems.push(...sumProblems((obs.facts?.answers ?? []) as Answer[], String(obs.facts?.path ?? ''), row.sumOf));
  }
  if (typeof row.length === 'number') {
    const arr = hits[0]?.value;
    if (Array.isArray(arr) && arr.length !== row.length) problems.push(`length ${arr.length}, declared ${row.length}`);
  }
  if (problems.length) return fail(problems.slice(0, 3).join('; '));
  // "May be present", with no type or value declared: nothing the answer could contradict.
  const nothingToCheck = row.status === 'optional' && row.type === undefined && row.const === undefined && !row.enum && !row.format && row.length === undefined;
  // Optional and absent from every answer read: the type it would have had is not seen, so nothing is confirmed (no pass).
  if (row.status === 'optional' && !row.sumOf && hits.every((h) => !h.present))
    return skip(`${obs.observed}; declared optional, so nothing was there to check`);
  return nothingToCheck
    ? skip(`${obs.observed}; declared optional with nothing to check when present`)
    : pass(`${obs.observed}, as declared (${describeResponseRow(row)})`);
}

function valueProblems(h: PathHit, row: ResponseRow): string[] {
  const v = h.value;
  const out: string[] = [];
  if (!hasType(v, row.type)) out.push(`${h.path} is ${jsonType(v)} ${preview(v, 40)}, declared ${Array.isArray(row.type) ? row.type.join('|') : row.type}`);
  if (row.const !== undefined && JSON.stringify(v) !== JSON.stringify(row.const)) out.push(`${h.path} is ${preview(v)}, declared ${JSON.stringify(row.const)}`);
  if (row.enum && !row.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    out.push(`${h.path} is ${preview(v)}, not one of ${row.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (row.format === 'unix-seconds' && typeof v === 'number' && (v < 1e9 || v > 1e10)) out.push(`${h.path} is ${v}: not Unix seconds (milliseconds?)`);
  if (row.format === 'json' && typeof v === 'string' && !parsesAsJson(v)) out.push(`${h.path} is not valid JSON: ${preview(v, 60)}`);
  return out;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
