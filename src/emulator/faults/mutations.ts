/**
 * Faults generated from the OpenAI reference profile's rows, one per row the hand-written faults do not
 * already break, so that every response-field and response-header case is proven able to fail:
 * - `break-response:<path>`: the field is removed (a populated or present row) or given a value its row
 *   forbids (wrong type, another const, text that is not JSON); only on the answers the response-field check
 *   reads (the baseline, and the tool / logprobs answers for fields only those carry), so nothing else moves;
 * - `malformed-header:<name>`: a response header in a format its row forbids, on every answer;
 * - `missing-endpoint:<id>`: a supported operation answers 404;
 * - `refuses-request-header:<name>`: a request header the SDKs send is refused with 400.
 * Catches are derived from the rows the same way: the row, and the rows below it that its removal empties.
 */
import { sendFaultError, type Fault } from './types.js';
import type { HeaderRow, Profile, ResponseRow } from '../../spec/profile.types.js';
import { loadProfile } from '../../spec/load.js';

type Obj = Record<string, unknown>;
const REMOVE = Symbol('remove');

/** The requests whose answers the response-field check reads (see checks/response-field.ts PRODUCED_BY). */
function readByResponseCheck(path: string, body: unknown): boolean {
  const b = (body ?? {}) as Obj;
  const keys = Object.keys(b).sort().join(',');
  const messages = Array.isArray(b.messages) ? (b.messages as Obj[]) : [];
  // The baseline: one plain user message (message probes vary the message, field probes add fields).
  const plain =
    messages.length === 1 &&
    Object.keys(messages[0] ?? {})
      .sort()
      .join(',') === 'content,role' &&
    typeof messages[0].content === 'string';
  if (path.startsWith('choices[].message.tool_calls')) return keys === 'messages,model,tool_choice,tools' && b.tool_choice === 'required';
  return keys === 'messages,model' && plain;
}

function apply(node: unknown, parts: string[], fn: (v: unknown) => unknown, create: boolean): void {
  if (node === null || typeof node !== 'object') return;
  const [head, ...rest] = parts;
  const each = head.endsWith('[]');
  const key = each ? head.slice(0, -2) : head;
  const rec = node as Obj;
  if (!rest.length && !each) {
    if (!(key in rec) && !create) return;
    const next = fn(rec[key]);
    if (next === REMOVE) delete rec[key];
    else rec[key] = next;
    return;
  }
  if (each) {
    if (Array.isArray(rec[key])) for (const el of rec[key] as unknown[]) apply(el, rest, fn, create);
  } else apply(rec[key], rest, fn, create);
}

/** A value the row forbids, or removal; undefined when the row forbids nothing that can be produced. */
function breakerFor(row: ResponseRow): ((v: unknown) => unknown) | undefined {
  if (row.status === 'populated' || row.status === 'present') return () => REMOVE;
  if (row.status !== 'optional') return undefined;
  if (row.format === 'json') return () => '{"not json';
  if (row.const !== undefined) return () => `not-${String(row.const)}`;
  const types = Array.isArray(row.type) ? row.type : row.type ? [row.type] : [];
  if (!types.length) return undefined;
  return () => (types.includes('string') ? 12345 : 'a string where the row declares another type');
}

/** Rows below `path` that fail when it is removed: the populated and present ones. */
function emptiedBelow(profile: Profile, path: string): string[] {
  return Object.entries(profile.response ?? {})
    .filter(([p, r]) => (p.startsWith(`${path}.`) || p.startsWith(`${path}[]`)) && (r.status === 'populated' || r.status === 'present'))
    .map(([p]) => `response.${p}`);
}

function responseFaults(profile: Profile): Fault[] {
  const out: Fault[] = [];
  for (const [path, row] of Object.entries(profile.response ?? {})) {
    const breaker = breakerFor(row);
    if (!breaker) continue;
    const removes = row.status === 'populated' || row.status === 'present';
    // The tool_choice probe reads the same answer: a tool_calls that is not an array is no tool call to it.
    const sameAnswer = path === 'choices[].message.tool_calls' ? ['request.tool_choice.required'] : [];
    out.push({
      id: `break-response:${path}`,
      description: removes ? `\`${path}\` missing from the answer` : `\`${path}\` with a value its row forbids`,
      catches: [`response.${path}`, ...(removes ? emptiedBelow(profile, path) : []), ...sameAnswer],
      evidence: 'generated from specs/openai.yaml: every response row can fail',
      completion(c, ctx) {
        // An optional field the emulator does not send is added with the forbidden value.
        if (readByResponseCheck(path, ctx.body)) apply(c, path.split('.'), breaker, !removes);
      },
    });
  }
  return out;
}

const MALFORMED: Partial<Record<NonNullable<HeaderRow['format']>, string>> = {
  integer: '12.5x',
  duration: '360', // a bare number of seconds, where OpenAI sends Go durations (6m0s)
  seconds: '1.5',
  'request-id': '',
};

function headerFaults(profile: Profile): Fault[] {
  const out: Fault[] = [];
  for (const [name, row] of Object.entries(profile.headers ?? {})) {
    if ((row.direction ?? 'response') !== 'response' || name.includes('*') || !row.format) continue;
    const bad = MALFORMED[row.format];
    // 429-only rows are read on answers the harness never provokes; the rate-limit faults cover retry-after.
    if (bad === undefined || row.on?.includes('429') || name === 'x-request-id') continue;
    out.push({
      id: `malformed-header:${name}`,
      description: `\`${name}\` not in its declared format (${row.format}): ${JSON.stringify(bad)}`,
      catches: [`header.${name}`],
      evidence: 'generated from specs/openai.yaml: every formatted response header can fail',
      headers(h) {
        h[name] = bad;
      },
    });
  }
  return out;
}

/** Every supported operation with a route answers 404 (a gateway that does not route it). */
function endpointFaults(profile: Profile): Fault[] {
  const out: Fault[] = [];
  for (const [id, row] of Object.entries(profile.endpoints ?? {})) {
    if (row.status !== 'supported' || !row.path || row.path.includes('{')) continue;
    const basePath = profile.target?.basePath ?? '';
    out.push({
      id: `missing-endpoint:${id}`,
      description: `${row.method ?? 'POST'} ${row.path} answers 404: the operation is not routed`,
      catches: [`endpoint.${id}`, ...variantsOf(profile, id)],
      evidence: 'generated from specs/openai.yaml: every supported operation can fail',
      handle(req, res) {
        if (new URL(req.url ?? '/', 'http://x').pathname !== `${basePath}${row.path}`) return false;
        req.resume();
        return sendFaultError(res, 404, `Unknown request URL: ${req.method} ${row.path}`, 'unknown_url');
      },
    });
  }
  return out;
}

/** The further cases of an operation (endpoint.embeddings.base64, endpoint.completions.stream). */
function variantsOf(profile: Profile, id: string): string[] {
  const row = profile.endpoints?.[id];
  if (id === 'embeddings')
    return ['endpoint.embeddings.base64', ...(row?.options && 'encodingFormatNull' in row.options ? ['endpoint.embeddings.encoding-format-null'] : [])];
  return row?.streaming ? [`endpoint.${id}.stream`] : [];
}

/** Request headers the SDKs send that a strict server refuses (400 on an unknown header). */
const REFUSED_WHEN: Record<string, (value: string) => boolean> = {
  'openai-project': () => true,
  'user-agent': (v) => v.startsWith('OpenAI/'),
};

function requestHeaderFaults(profile: Profile): Fault[] {
  return Object.entries(profile.headers ?? {})
    .filter(([name, row]) => row.direction === 'request' && row.status === 'tolerated' && REFUSED_WHEN[name])
    .map(([name]) => ({
      id: `refuses-request-header:${name}`,
      description: `refuses requests that carry the SDK's ${name} header (400)`,
      catches: [`header.${name}`],
      evidence: 'wire-format.md 5.1: the official SDKs send these headers',
      handle(req, res) {
        const v = req.headers[name];
        if (typeof v !== 'string' || !REFUSED_WHEN[name](v)) return false;
        req.resume();
        return sendFaultError(res, 400, `Unrecognized request header: ${name}`);
      },
    }));
}

/** Hand-written faults already prove these; a generated twin would only repeat them. */
const COVERED = new Set(['break-response:created', 'break-response:object', 'break-response:usage.total_tokens', 'break-response:choices[].finish_reason']);

export function mutationFaults(): Fault[] {
  const profile = loadProfile('openai').profile;
  return [...responseFaults(profile), ...headerFaults(profile), ...endpointFaults(profile), ...requestHeaderFaults(profile)].filter((f) => !COVERED.has(f.id));
}
