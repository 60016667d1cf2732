/**
 * Group testing for request headers whose claim is acceptance (issue #13 item 3): `tolerated` request
 * headers (User-Agent, X-Stainless-*, OpenAI-Organization, OpenAI-Project: "a request carrying it succeeds")
 * and auth rows that add a header a good request must still succeed with (`organization-header`, supported
 * or ignored). They ride on one good request together, by the machinery of group.ts: a 2xx JSON object
 * accepts every member; any other answer splits the group in halves down to a member alone, whose request
 * is then exactly the one it sends without the group (the good body with its own headers only). A 401/403
 * sends the members with made-up account ids alone at once (a validating target refuses those), the rest together.
 * Not members: `ignored` header rows (they read a stream, not acceptance), credential schemes (x-api-key,
 * api-key: different credentials, one request each), rows on a path of their own, and rows declared refused.
 * Two members may name one header only with the same value (OpenAI-Organization and the organization-header
 * auth row both send the made-up account id).
 */
import type { AnyCase } from '../cases/types.js';
import type { AuthRow, HeaderRow } from '../spec/profile.types.js';
import { headersFor, isRequestRow, madeUpValue } from '../checks/headers/request-headers.js';
import { bodyJson } from '../transport/http.js';
import { AcceptanceGroup, type GroupKind } from './group.js';
import { planBins, type BinCandidate } from './group-bins.js';

interface HeaderMember {
  /** `header.<name>` or `header.auth.<id>`. */
  id: string;
  /** The header the member sends, and the row's value (headersFor picks the default when there is none). */
  name: string;
  value?: string;
}

const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-api-key', 'api-key']);

const HEADER_GROUP: GroupKind<HeaderMember> = {
  noun: 'request headers declared tolerated',
  request: async (io, members) => {
    const headers: Record<string, string> = {};
    for (const m of members) Object.assign(headers, await headersFor(m.name, { value: m.value }));
    return { method: 'POST', path: io.chatPath, json: io.baselineBody(false), headers };
  },
  // What both judges read as accepted: a 2xx whose body is a JSON object (request-headers.ts, auth.ts).
  accepts: (ex) => {
    const status = ex.response?.status;
    const body = bodyJson(ex);
    return status !== undefined && status >= 200 && status < 300 && body !== null && typeof body === 'object' && !Array.isArray(body);
  },
  // A 401/403 is most likely a target validating the made-up account ids (OpenAI does): each of those alone at
  // once (its own request, which it would send without the group; the organization's is shared by its two
  // cases), the rest together. Halves would cost twice as many requests to reach the same requests alone.
  split: async (ex, members) => {
    const status = ex.response?.status;
    if (status !== 401 && status !== 403) return undefined;
    const madeUp: HeaderMember[] = [];
    for (const m of members) if (madeUpValue(await headersFor(m.name, { value: m.value }), { value: m.value })) madeUp.push(m);
    if (!madeUp.length || madeUp.length === members.length) return undefined;
    return [members.filter((m) => !madeUp.includes(m)), ...madeUp.map((m) => [m])];
  },
};

function member(c: AnyCase): HeaderMember | undefined {
  if (c.area !== 'header') return undefined;
  if (c.subject.startsWith('auth.')) {
    const row = c.row as AuthRow | undefined;
    const name = row?.header?.toLowerCase();
    if (!row || !name || CREDENTIAL_HEADERS.has(name) || CREDENTIAL_HEADERS.has(c.subject.slice('auth.'.length)) || row.path) return undefined;
    return row.status === 'supported' || row.status === 'ignored' ? { id: c.id, name } : undefined;
  }
  const row = c.row as HeaderRow | undefined;
  if (!row || !isRequestRow(row) || row.status !== 'tolerated') return undefined;
  return { id: c.id, name: c.subject, value: row.value };
}

function candidate(c: AnyCase): BinCandidate<HeaderMember> | undefined {
  const m = member(c);
  // The value's identity: the row's own, else the default headersFor gives every row without one.
  return m && { member: m, keys: { [m.name.toLowerCase()]: m.value === undefined ? '' : `=${m.value}` } };
}

/** The run's groups of tolerated request headers, by case id. */
export function planHeaderGroups(cases: readonly AnyCase[]): Map<string, AcceptanceGroup<HeaderMember>> {
  return planBins(cases.map(candidate), (members) => new AcceptanceGroup(members, HEADER_GROUP));
}
