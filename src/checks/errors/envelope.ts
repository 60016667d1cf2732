/**
 * How an error answer is verified: status (class or exact), OpenAI's envelope
 * {"error":{"message","type","param","code"}} with all four keys, the declared `param` and `code`,
 * the profile's envelope extensions (ajv), never a 5xx or a 2xx for bad input, and no stack trace
 * or internal path in the message.
 */
import type { ErrorRow, Profile, StatusPattern } from '../../spec/profile.types.js';
import type { Exchange } from '../../transport/types.js';
import type { Judgement, Observation } from '../../cases/types.js';
import { pass, fail } from '../../cases/verdicts.js';
import { bodyJson, bodyText } from '../../transport/http.js';
import { compileForeignSchema } from '../../spec/ajv.js';
import { preview } from '../json-path.js';
import { protocol, STATUS_SIGNAL, transportSignal } from '../../cases/evidence.js';

export interface ErrorFacts {
  status?: number;
  transportError?: string;
  contentType?: string;
  bodyPreview: string;
  json?: unknown;
  error?: Record<string, unknown>;
  flat?: boolean;
  /** A stack trace or internal path anywhere in the body (HTML and plain-text error pages included). */
  leak?: string;
}

/** Stack traces and server paths that must never reach a client. */
const LEAK =
  /Traceback \(most recent call last\)|\n\s+at [\w$.<>]+ \(|File "[^"]+", line \d+|\/(?:srv|usr|home|app|opt|var)\/[\w./-]+\.(?:py|js|ts|go|java|rb)|node_modules\/|\.(?:py|go|java|rs):\d+/;

const textOf = (v: unknown): string => (typeof v === 'string' ? v : preview(v, 60));

export function describeErrorRow(row: ErrorRow): string {
  const parts = [`${row.status}`];
  if (row.param !== undefined) parts.push(`param ${row.param === null ? 'null' : JSON.stringify(row.param)}`);
  if (row.code !== undefined) parts.push(`code ${row.code === null ? 'null' : JSON.stringify(row.code)}`);
  if (row.envelope === 'any') parts.push('any body');
  return parts.join(', ');
}

export function observeError(ex: Exchange): Observation {
  const facts: ErrorFacts = { bodyPreview: '' };
  if (!ex.response) {
    facts.transportError = `${ex.error?.kind}: ${ex.error?.message}`;
    return {
      observed: `no answer (${ex.error?.kind})`,
      evidence: { error: facts.transportError },
      signals: [transportSignal(ex)],
      facts: facts as unknown as Record<string, unknown>,
    };
  }
  facts.status = ex.response.status;
  facts.contentType = ex.response.headers['content-type'];
  const text = bodyText(ex);
  facts.bodyPreview = text ? preview(text, 200) : '';
  facts.json = bodyJson(ex); // undefined when not JSON: judged below
  const e = (facts.json as { error?: unknown } | undefined)?.error;
  if (e && typeof e === 'object' && !Array.isArray(e)) facts.error = e as Record<string, unknown>;
  else if (typeof e === 'string') facts.flat = true;
  // Values from the body go through textOf (a hostile {"toString": 1} cannot be turned into a string by String()).
  const shape = facts.error
    ? `${facts.error.type == null ? '?' : textOf(facts.error.type)}${facts.error.code != null ? `/${textOf(facts.error.code)}` : ''}${'param' in facts.error ? ` param=${facts.error.param === null ? 'null' : textOf(facts.error.param)}` : ''}`
    : facts.flat
      ? 'flat string error'
      : facts.json !== undefined
        ? 'JSON without an error object'
        : text
          ? 'not JSON'
          : 'empty body';
  // The parsed message first (its line breaks are real there), then the raw body (HTML and text pages).
  facts.leak = (typeof facts.error?.message === 'string' ? LEAK.exec(facts.error.message)?.[0] : undefined) ?? LEAK.exec(text)?.[0];
  const obs: Observation = {
    observed: `${facts.status} ${shape}`,
    evidence: { status: facts.status, body: facts.bodyPreview },
    // The answer to the bad request: its status, the envelope's shape, and the param and code it names.
    signals: [
      protocol(STATUS_SIGNAL, facts.status),
      protocol('error envelope', shape),
      ...(facts.error && 'param' in facts.error ? [protocol('error.param', facts.error.param ?? null)] : []),
      ...(facts.error && 'code' in facts.error ? [protocol('error.code', facts.error.code ?? null)] : []),
    ],
    facts: facts as unknown as Record<string, unknown>,
  };
  // A 429 is the rate limiter speaking, not the answer to the bad request: nothing about the request was seen.
  if (facts.status === 429) return { ...obs, verdict: 'inconclusive', note: 'rate-limited (429): the answer to the bad request itself was not seen' };
  return obs;
}

export function statusMatches(status: number, pattern: StatusPattern): boolean {
  if (typeof pattern === 'number') return status === pattern;
  return Math.floor(status / 100) === Number(pattern[0]);
}

export function judgeError(obs: Observation, row: ErrorRow, profile: Profile): Judgement {
  const f = obs.facts as unknown as ErrorFacts;
  if (f.status === undefined) return fail(`no HTTP answer to a bad request: ${f.transportError}`);
  const problems: string[] = [];
  const expected = row.status;
  const declared2xx = statusMatches(200, expected) || (typeof expected === 'number' && expected >= 200 && expected < 300);
  if (f.status >= 200 && f.status < 300) {
    // Some providers document a bad value as ignored (Parallel: temperature 3 is accepted): then 2xx is the declaration.
    return declared2xx && statusMatches(f.status, expected)
      ? pass(`${f.status}: accepted, as declared (${describeErrorRow(row)})`)
      : fail(`answered ${f.status} to a bad request (declared ${expected})`);
  }
  if (declared2xx)
    return fail(
      `status ${f.status}: refused, declared ${expected} (accepted)${f.error && typeof f.error.message === 'string' ? `: ${preview(f.error.message, 80)}` : ''}`,
    );
  if (f.leak) problems.push(`the body leaks a stack trace or internal path: ${preview(f.leak, 60)}`);
  if (f.status >= 500 && !(typeof expected === 'string' ? expected === '5xx' : expected >= 500))
    problems.push(`${f.status}: a server error for bad input (clients retry 5xx)`);
  else if (!statusMatches(f.status, expected)) problems.push(`status ${f.status}, declared ${expected}`);
  if (row.envelope !== 'any') {
    const shape = profile.errorEnvelope?.shape ?? 'openai';
    if (f.flat) problems.push(`"error" is a bare string, not an object: ${f.bodyPreview}`);
    else if (!f.error) problems.push(`no {"error":{...}} envelope: ${f.bodyPreview || 'empty body'}`);
    else {
      const e = f.error;
      if (typeof e.message !== 'string' || !e.message) problems.push('error.message is not a non-empty string');
      if (typeof e.type !== 'string' || !e.type) problems.push('error.type is not a non-empty string');
      if (shape === 'openai') {
        for (const k of ['param', 'code'] as const) if (!(k in e)) problems.push(`error.${k} is missing (it may be null, but the key is required)`);
      }
      if (row.param !== undefined && 'param' in e && e.param !== row.param)
        problems.push(`param ${JSON.stringify(e.param)}, declared ${JSON.stringify(row.param)}`);
      if (row.param !== undefined && !('param' in e) && shape !== 'openai') problems.push(`param missing, declared ${JSON.stringify(row.param)}`);
      if (row.code !== undefined && 'code' in e && e.code !== row.code) problems.push(`code ${JSON.stringify(e.code)}, declared ${JSON.stringify(row.code)}`);
      if (row.type !== undefined && e.type !== row.type) problems.push(`type ${JSON.stringify(e.type)}, declared ${JSON.stringify(row.type)}`);
      for (const [name, schema] of Object.entries(profile.errorEnvelope?.extensions ?? {})) {
        const validate = compileForeignSchema(schema);
        if (!(name in e)) problems.push(`error.${name} is missing (declared extension)`);
        else if (!validate(e[name])) problems.push(`error.${name} ${preview(e[name], 60)} does not match its schema: ${validate.errors?.[0]?.message}`);
      }
    }
  }
  return problems.length ? fail(problems.join('; ')) : pass(`${obs.observed}, as declared (${describeErrorRow(row)})`);
}
