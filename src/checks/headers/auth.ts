/**
 * How an authentication row is verified (`header.auth.<scheme>`):
 * - credential schemes (`bearer`, `x-api-key`, `api-key`): the key is sent in that header ALONE, on the
 *   row's own `path` when it has one (Parallel's /v1beta/chat/completions takes x-api-key);
 *   `supported` → 2xx; `refused` or `ignored` → 401/403 (a key the server does not read is a missing key).
 * - other rows (`organization-header`): the row's header is added to a good request;
 *   `supported` / `ignored` → still 2xx; `refused` → 4xx.
 * Bearer on the default path is the run's default scheme, so it reads the shared baseline (no request).
 */
import type { AuthRow } from '../../spec/profile.types.js';
import type { CaseIO, Judgement, Observation } from '../../cases/types.js';
import type { Exchange } from '../../transport/types.js';
import { pass, fail, inconclusive, skip } from '../../cases/verdicts.js';
import { classifyAnswer } from '../../probes/classify.js';
import { headersFor, refusalText } from './request-headers.js';
import { protocol, STATUS_SIGNAL, transportSignal } from '../../cases/evidence.js';
import { sendGrouped, type GroupedAnswer } from '../../probes/group.js';

const CREDENTIAL_SCHEMES = ['bearer', 'x-api-key', 'api-key'] as const;
type CredentialScheme = (typeof CREDENTIAL_SCHEMES)[number];

function credentialScheme(id: string, row: AuthRow): CredentialScheme | undefined {
  const byId = CREDENTIAL_SCHEMES.find((s) => s === id);
  if (byId) return byId;
  const h = row.header?.toLowerCase();
  return h === 'authorization' ? 'bearer' : CREDENTIAL_SCHEMES.find((s) => s === h);
}

/** Whether a row says what to send: a credential scheme (by id or header), or another header to add. */
export function authRowProbeable(id: string, row: AuthRow): boolean {
  return credentialScheme(id, row) !== undefined || Boolean(row.header);
}

interface AuthFacts {
  credential: boolean;
  /** The path the probe used (the row's own, or the default chat path). */
  path: string;
  defaultPath: string;
  status?: number;
  transport?: string;
  message?: string;
  /** The control for a key accepted in a header the row refuses: the same request with no key at all. */
  noKeyStatus?: number;
}

export function describeAuthRow(row: AuthRow): string {
  return `${row.status}${row.header ? ` (${row.header})` : ''}${row.path ? ` on ${row.path}` : ''}`;
}

export async function observeAuth(io: CaseIO, id: string, row: AuthRow): Promise<Observation> {
  const scheme = credentialScheme(id, row);
  const path = row.path ?? io.chatPath;
  let ex: Exchange;
  let grouped: GroupedAnswer['grouped'];
  if (scheme === 'bearer' && path === io.chatPath) ex = await io.baseline(false);
  else if (scheme) ex = await io.send({ method: 'POST', path, json: io.baselineBody(false), auth: { scheme }, purpose: `header.auth.${id}` });
  else {
    // A header a good request must still succeed with rides in the tolerated headers' group (group-headers.ts);
    // alone, the same headers as the request-header row of the same name, so the two cases share one request.
    const own = async () => ({ method: 'POST' as const, path, json: io.baselineBody(false), headers: row.header ? await headersFor(row.header, {}) : {} });
    ({ ex, grouped } = await sendGrouped(io, `header.auth.${id}`, own));
  }
  const facts: AuthFacts = { credential: Boolean(scheme), path, defaultPath: io.chatPath, status: ex.response?.status };
  if (!ex.response) facts.transport = `${ex.error?.kind}: ${ex.error?.message}`;
  const a = classifyAnswer(ex);
  if (a.observation) facts.message = refusalText(a.observation);
  // A key accepted in a header other than the run's own says nothing if no key is needed at all: the control
  // is the same request without any key (the request error.no-api-key sends, so shared on the default path).
  if (scheme && scheme !== 'bearer' && a.accepted) {
    const control = await io.send({ method: 'POST', path, json: io.baselineBody(false), auth: { scheme: 'none' }, purpose: `header.auth.${id}` });
    facts.noKeyStatus = control.response?.status;
  }
  const how = scheme ? `key in ${scheme === 'bearer' ? 'Authorization: Bearer' : scheme} only` : `${row.header ?? id} added`;
  return {
    observed: !ex.response ? `no answer (${ex.error?.kind})` : a.accepted ? `accepted ${facts.status}` : `refused ${facts.status}`,
    // The status answered to the credentials; a key accepted in another header has its control (no key at all):
    // it isolates the header only when that request is refused.
    signals: [
      facts.status === undefined
        ? transportSignal(ex)
        : facts.noKeyStatus !== undefined
          ? protocol(STATUS_SIGNAL, facts.status, { value: facts.noKeyStatus, isolates: facts.noKeyStatus < 200 || facts.noKeyStatus >= 300 })
          : protocol(STATUS_SIGNAL, facts.status),
    ],
    evidence: {
      sent: `${how}, POST ${path}`,
      status: facts.status ?? facts.transport,
      ...(facts.message ? { message: facts.message } : {}),
      ...(facts.noKeyStatus !== undefined ? { control: `no key at all → ${facts.noKeyStatus}` } : {}),
      ...grouped?.evidence,
    },
    facts: facts as unknown as Record<string, unknown>,
    ...(grouped ? { note: grouped.note } : {}),
  };
}

export function judgeAuth(obs: Observation, row: AuthRow): Judgement {
  const f = obs.facts as unknown as AuthFacts;
  // A declaration about another path (OpenAI parity of Parallel's /v1beta route) is not judged by this answer.
  if (f.path !== (row.path ?? f.defaultPath)) return skip(`observed on ${f.path}; this declaration is about ${row.path ?? f.defaultPath}`);
  if (f.status === undefined) return fail(`no answer: ${f.transport}`);
  if (f.status === 429) return inconclusive('rate-limited (429): the answer to the credentials was not seen');
  const ok = f.status >= 200 && f.status < 300;
  const authRefusal = f.status === 401 || f.status === 403;
  const wantAccepted = row.status === 'supported' || (row.status === 'ignored' && !f.credential);
  if (wantAccepted) {
    if (ok) return pass(`${obs.observed}, as declared (${describeAuthRow(row)})`);
    if (!f.credential && authRefusal)
      return inconclusive(`refused with ${f.status}: the target validates ${row.header}, and the probe's made-up value is not the account's (${f.message})`);
    return fail(`${obs.observed}, declared ${describeAuthRow(row)}${f.message ? `: ${f.message}` : ''}`);
  }
  if (ok && f.credential && f.noKeyStatus !== undefined && f.noKeyStatus >= 200 && f.noKeyStatus < 300) {
    return skip(
      `accepted (${f.status}), but so is the same request with no key at all (${f.noKeyStatus}): the target reads no key, so this says nothing about ${row.header ?? 'the scheme'} (error.no-api-key reports it)`,
    );
  }
  if (ok)
    return fail(
      `accepted (${f.status}), declared ${describeAuthRow(row)}${f.credential ? ': the key was honoured in a header the provider does not document' : ''}`,
    );
  if (f.status >= 500) return fail(`${f.status}: a server error instead of a refusal`);
  if (f.credential && !authRefusal) return fail(`refused with ${f.status}, not 401/403 (clients tell a bad key by its status)`);
  return pass(`${obs.observed}, as declared (${describeAuthRow(row)})`);
}
