/**
 * How a response header row is verified (`header.<name>`): read the header on the answers its `on:`
 * names (default: success), then compare presence (present / optional / absent), the declared format,
 * and, for `unique`, that no two answers share a value, including a fresh repeat of an identical request
 * (a cache or a constant would repeat it); for `requiredUnless`, that no answer lacks both the header and
 * every stand-in (a 429 with neither Retry-After nor x-ratelimit-*: nothing for a client to back off from).
 */
import type { HeaderRow } from '../../spec/profile.types.js';
import type { CaseIO, Judgement, Observation } from '../../cases/types.js';
import type { Exchange } from '../../transport/types.js';
import { pass, fail, skip } from '../../cases/verdicts.js';
import { preview } from '../json-path.js';
import { formatProblem } from './formats.js';
import { collectSamples, errorProbe, SAMPLE_KINDS, type SampleKind } from './samples.js';
import { protocol } from '../../cases/evidence.js';

interface Seen {
  kind: SampleKind | 'repeat';
  status: number;
  /** The header's value; for a `prefix-*` row, every matching header as `name: value`, joined. */
  value?: string;
  /** Each matching header and its value (one for a plain name). */
  matches: [string, string][];
  /** All of the answer's headers, so a judge can look for the stand-ins its row names (`requiredUnless`). */
  headers: Record<string, string>;
}

/** The headers of an answer a row names: the header itself, or every header with the prefix of `x-ratelimit-*`. */
function read(headers: Record<string, string>, name: string): Pick<Seen, 'value' | 'matches'> {
  if (!name.endsWith('*')) return { value: headers[name], matches: headers[name] !== undefined ? [[name, headers[name]]] : [] };
  const prefix = name.slice(0, -1);
  const matches = Object.entries(headers).filter(([k]) => k.startsWith(prefix));
  return { value: matches.length ? matches.map(([k, v]) => `${k}: ${v}`).join('; ') : undefined, matches };
}

interface HeaderFacts {
  seen: Seen[];
  missing: Partial<Record<SampleKind, string>>;
  asked: SampleKind[];
}

export function describeHeaderRow(row: HeaderRow): string {
  const bits: string[] = [row.status];
  if (row.format) bits.push(row.format);
  if (row.value) bits.push(`= ${row.value}`);
  if (row.unique) bits.push('unique');
  if (row.requiredUnless?.length) bits.push(`or ${row.requiredUnless.join(' / ')}`);
  if (row.on?.length) bits.push(`on ${row.on.join(', ')}`);
  return bits.join(', ');
}

/** The row's `on:` as sample kinds (unknown words are ignored; none means success). */
function kindsOf(row: HeaderRow): SampleKind[] {
  const kinds = (row.on ?? ['success']).filter((k): k is SampleKind => (SAMPLE_KINDS as readonly string[]).includes(k));
  return kinds.length ? kinds : ['success'];
}

export async function observeResponseHeader(io: CaseIO, name: string, row: HeaderRow): Promise<Observation> {
  const asked = kindsOf(row);
  const samples = await collectSamples(io, asked);
  const seeSample = (kind: Seen['kind'], ex: Exchange): Seen => ({
    kind,
    status: ex.response!.status,
    ...read(ex.response!.headers, name),
    headers: ex.response!.headers,
  });
  const seen: Seen[] = samples.got.map((s) => seeSample(s.kind, s.ex));
  if (row.unique && samples.got.length) {
    // One fresh repeat of an identical request: the error probe when errors are in scope (no tokens), else the baseline.
    const base = samples.got.find((s) => s.kind === 'error') ?? samples.got.find((s) => s.kind === 'success');
    const repeat: Exchange | undefined = base
      ? await io.send({
          ...(base.kind === 'error' ? errorProbe(io) : { method: 'POST', path: io.chatPath, json: io.baselineBody(false) }),
          fresh: true,
          purpose: `header.${name} (repeat)`,
        })
      : undefined;
    if (repeat?.response && repeat.response.status !== 429) seen.push(seeSample('repeat', repeat));
  }
  const facts: HeaderFacts = { seen, missing: samples.missing, asked };
  const evidence: Record<string, unknown> = {};
  for (const s of seen) evidence[`${s.kind} ${s.status}`] = s.value ?? 'absent';
  for (const [k, why] of Object.entries(samples.missing)) evidence[k] = `not observed: ${why}`;
  const present = seen.filter((s) => s.value !== undefined).length;
  const observedText = !seen.length
    ? 'not observed'
    : present === seen.length
      ? present === 1
        ? `present: ${preview(seen[0].value, 40)}`
        : `present on ${present} answers`
      : present
        ? `present on ${present} of ${seen.length} answers`
        : 'absent';
  // The header as read on each answer (named for the answer, not `http.status`: a 429 read here is the sample
  // the row asks for, not a rate limit on the case). No answer read, no signal: unobservable.
  const signals = seen.map((s) => protocol(`header ${name} on the ${s.kind} answer (${s.status})`, s.value ?? null));
  const obs: Observation = { observed: observedText, evidence, facts: facts as unknown as Record<string, unknown>, signals };
  // Only a 429 was asked for and none was met: the behaviour cannot be seen without provoking one.
  if (!seen.length && asked.every((k) => k === '429')) {
    return { ...obs, verdict: 'skip', note: `${samples.missing['429']}: a rate-limited answer is needed to see ${name}` };
  }
  return obs;
}

export function judgeResponseHeader(name: string) {
  return (obs: Observation, row: HeaderRow): Judgement => {
    const f = obs.facts as unknown as HeaderFacts;
    const problems: string[] = [];
    // Judge only the answers this row speaks of (its `on:`); the observation may have been made for another row.
    const kinds = kindsOf(row);
    const judged = f.seen.filter((s) => s.kind === 'repeat' || kinds.includes(s.kind));
    if (!judged.length) {
      if (kinds.every((k) => k === '429')) return skip(`no 429 was met (the harness never provokes one): ${name} on a rate-limited answer is unobservable`);
      const why = Object.values(f.missing).join('; ');
      return fail(`no answer to read ${name} from: ${why || `none of ${kinds.join(', ')} was observed`}`);
    }
    const bare: Seen[] = [];
    for (const s of judged) {
      const where = `${s.kind === 'repeat' ? 'a repeated request' : `the ${s.kind} answer`} (${s.status})`;
      if (s.value === undefined) {
        if (row.status === 'present') problems.push(`missing on ${where}`);
        else if (row.requiredUnless?.length && row.status !== 'absent' && !row.requiredUnless.some((n) => read(s.headers ?? {}, n).matches.length))
          bare.push(s);
        continue;
      }
      if (row.status === 'absent') problems.push(`present on ${where}: ${preview(s.value, 60)}, declared absent`);
      else
        for (const [header, value] of s.matches) {
          const p = row.format
            ? formatProblem(row.format, value, row)
            : row.value !== undefined && value !== row.value
              ? `${preview(value, 60)}, declared ${row.value}`
              : undefined;
          if (p) problems.push(`${header}: ${p} on ${where}`);
        }
    }
    if (bare.length) {
      // The answer's own headers: nothing to back off from (the SDKs fall back to blind exponential retries).
      const kindsSeen = [...new Set(bare.map((s) => (s.kind === 'repeat' ? 'repeated' : s.kind)))].join('/');
      problems.push(
        `${bare.length} of ${judged.length} ${kindsSeen} answer${judged.length === 1 ? '' : 's'} the run met carried neither ${name} nor any ${row.requiredUnless!.join(' / ')} header`,
      );
    }
    if (row.unique) {
      const values = judged.map((s) => s.value).filter((v): v is string => v !== undefined);
      const dup = values.find((v, i) => values.indexOf(v) !== i);
      if (dup !== undefined)
        problems.push(`the same value ${preview(dup, 60)} on ${values.filter((v) => v === dup).length} different answers, declared unique`);
    }
    const unseen = Object.entries(f.missing).map(([k, why]) => `${k}: ${why}`);
    const tail = unseen.length ? ` (not observed: ${unseen.join('; ')})` : '';
    if (problems.length) return fail(problems.slice(0, 3).join('; ') + tail);
    // "May be present", with no format, value or uniqueness declared: nothing the answer could contradict.
    if (row.status === 'optional' && !row.format && row.value === undefined && !row.unique && !row.requiredUnless?.length)
      return skip(`${obs.observed}; declared optional with nothing to check when present${tail}`);
    // Optional and absent on every answer read: the format it would have had is not seen, so nothing is confirmed (no pass).
    if (row.status === 'optional' && !row.requiredUnless?.length && judged.every((s) => s.value === undefined))
      return skip(`${obs.observed} on every answer read; declared optional, so nothing was there to check${tail}`);
    return pass(`${obs.observed}, as declared (${describeHeaderRow(row)})${tail}`);
  };
}
