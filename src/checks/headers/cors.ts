/**
 * CORS (`header.access-control-allow-origin`): what a browser's preflight is told. The probe is the
 * OPTIONS request a browser sends before the SDK's POST (no credentials; the SDK's headers announced in
 * Access-Control-Request-Headers), from an origin no provider allows on purpose.
 * - `present`: the preflight is allowed (the header is there, equal to `value` when declared), and the
 *   announced headers are allowed too ("CORS must allow them", wire-format.md §5.1);
 * - `absent`: CORS is restricted: the made-up origin is not allowed (no header, or not `*` nor that origin);
 * - `optional`: a declared `value` is checked when the header comes; otherwise nothing can fail, so the
 *   answer is reported as a skip, never a pass.
 */
import type { HeaderRow } from '../../spec/profile.types.js';
import type { CaseIO, Judgement, Observation } from '../../cases/types.js';
import { pass, fail, skip } from '../../cases/verdicts.js';
import { sdkHeaders } from './sdk-headers.js';
import { protocol, transportSignal } from '../../cases/evidence.js';

const PROBE_ORIGIN = 'https://oai-compat.invalid';

interface CorsFacts {
  status?: number;
  transport?: string;
  allowOrigin?: string;
  allowHeaders?: string;
  requested: string[];
}

export async function observeCors(io: CaseIO): Promise<Observation> {
  const requested = ['authorization', 'content-type', ...Object.keys(await sdkHeaders())];
  const ex = await io.send({
    method: 'OPTIONS',
    path: io.chatPath,
    auth: { scheme: 'none' },
    headers: { origin: PROBE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': requested.join(', ') },
    purpose: 'header.access-control-allow-origin',
  });
  const h = ex.response?.headers ?? {};
  const facts: CorsFacts = {
    status: ex.response?.status,
    allowOrigin: h['access-control-allow-origin'],
    allowHeaders: h['access-control-allow-headers'],
    requested,
  };
  if (!ex.response) facts.transport = `${ex.error?.kind}: ${ex.error?.message}`;
  return {
    observed: !ex.response
      ? `no answer (${ex.error?.kind})`
      : facts.allowOrigin
        ? `preflight allowed: ${facts.allowOrigin}`
        : `preflight not allowed (${facts.status})`,
    // The preflight's own answer: the headers a browser reads (or that there was no answer at all).
    signals: !ex.response
      ? [transportSignal(ex)]
      : [
          protocol('header access-control-allow-origin', facts.allowOrigin ?? null),
          protocol('header access-control-allow-headers', facts.allowHeaders ?? null),
        ],
    evidence: {
      origin: PROBE_ORIGIN,
      status: facts.status ?? facts.transport,
      'access-control-allow-origin': facts.allowOrigin ?? 'absent',
      'access-control-allow-headers': facts.allowHeaders ?? 'absent',
    },
    facts: facts as unknown as Record<string, unknown>,
  };
}

const allowsOrigin = (v: string | undefined) => v !== undefined && (v.trim() === '*' || v.trim().toLowerCase() === PROBE_ORIGIN);

export function judgeCors(obs: Observation, row: HeaderRow): Judgement {
  const f = obs.facts as unknown as CorsFacts;
  if (f.status === undefined) return fail(`no answer to a CORS preflight: ${f.transport}`);
  if (row.status === 'absent') {
    return allowsOrigin(f.allowOrigin)
      ? fail(`the preflight from ${PROBE_ORIGIN} is allowed (access-control-allow-origin: ${f.allowOrigin}), declared restricted`)
      : pass(`${obs.observed}: ${PROBE_ORIGIN} is not allowed, as declared (restricted)`);
  }
  if (row.status === 'present') {
    if (f.allowOrigin === undefined) return fail(`the preflight answer (${f.status}) has no access-control-allow-origin, declared present`);
    if (row.value !== undefined && f.allowOrigin.trim() !== row.value) return fail(`access-control-allow-origin: ${f.allowOrigin}, declared ${row.value}`);
    const allowed = (f.allowHeaders ?? '')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim());
    const refused = allowed.includes('*') ? [] : f.requested.filter((h) => !allowed.includes(h));
    if (refused.length)
      return fail(`the preflight does not allow the SDK's headers: ${refused.slice(0, 4).join(', ')}${refused.length > 4 ? `, … (${refused.length})` : ''}`);
    return pass(`${obs.observed}, as declared (present)`);
  }
  // Optional: a declared value is still checked when the header comes; with none, nothing could fail (not a pass).
  if (row.value !== undefined && f.allowOrigin !== undefined && f.allowOrigin.trim() !== row.value)
    return fail(`access-control-allow-origin: ${f.allowOrigin}, declared ${row.value} when present`);
  if (row.value !== undefined && f.allowOrigin !== undefined) return pass(`${obs.observed}, as declared (optional, = ${row.value})`);
  return skip(`${obs.observed}; declared optional with nothing to check when present`);
}
