/**
 * Group testing for the bad values a profile declares accepted (issue #13 item 3): Parallel documents six
 * out-of-range values as ignored (`error.n-zero: 2xx`, ...), so each of those rows claims acceptance, as an
 * acceptance-only field does. They are sent together in one request, the good body with every member's bad
 * value, by the machinery of group.ts: a 2xx accepts every member (each reads the group's answer as its own
 * request's); any other answer splits the group, first apart the member the refusal's `error.param` names,
 * down to a member alone, whose own request is then exactly its catalogue request. Planned once per run:
 *  - only rows whose declared status is a 2xx (a row declared rejected keeps its own request: its answer's
 *    status, type and param are its evidence), and only bad requests that change nothing but fields of the
 *    good body (`fields` in the catalogue: no raw body, header, credential, path or method of their own);
 *  - never two members setting the same key (n-zero and n-too-large): the later goes to the next group.
 */
import type { AnyCase } from '../cases/types.js';
import type { ErrorRow } from '../spec/profile.types.js';
import { findBadRequest } from '../checks/errors/catalogue.js';
import { statusMatches } from '../checks/errors/envelope.js';
import { bodyJson } from '../transport/http.js';
import { AcceptanceGroup, type GroupKind } from './group.js';
import { planBins, type BinCandidate } from './group-bins.js';

interface ErrorMember {
  /** `error.<id>`. */
  id: string;
  fields: Record<string, unknown>;
}

const accepted = (status: number | undefined): boolean => status !== undefined && status >= 200 && status < 300;

const ERROR_GROUP: GroupKind<ErrorMember> = {
  noun: 'bad values declared accepted',
  request: (io, members) => ({
    method: 'POST',
    path: io.chatPath,
    json: Object.assign({ ...io.baselineBody(false) }, ...members.map((m) => m.fields)),
  }),
  // The rows' claim is a 2xx: the group's 2xx is that claim for every value it carried.
  accepts: (ex) => accepted(ex.response?.status),
  suspects: (ex, members) => {
    const param = (bodyJson(ex) as { error?: { param?: unknown } } | undefined)?.error?.param;
    if (typeof param !== 'string' || !param) return [];
    const key = param.split(/[.[]/)[0];
    return members.filter((m) => key in m.fields);
  },
};

function candidate(c: AnyCase): BinCandidate<ErrorMember> | undefined {
  if (c.area !== 'error') return undefined;
  const row = c.row as ErrorRow | undefined;
  const fields = findBadRequest(c.subject)?.fields;
  if (!row || !fields || !declaredAccepted(row)) return undefined;
  return { member: { id: c.id, fields }, keys: Object.fromEntries(Object.keys(fields).map((k) => [k, c.id])) };
}

/** A row whose declared status is a success (`2xx`, `200`). */
function declaredAccepted(row: ErrorRow): boolean {
  return statusMatches(200, row.status) || (typeof row.status === 'number' && accepted(row.status));
}

/** The run's groups of bad values declared accepted, by case id. */
export function planErrorGroups(cases: readonly AnyCase[]): Map<string, AcceptanceGroup<ErrorMember>> {
  return planBins(cases.map(candidate), (members) => new AcceptanceGroup(members, ERROR_GROUP));
}
