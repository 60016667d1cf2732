/**
 * Cases for headers, from two kinds of profile rows:
 * - `headers.<name>` → `header.<name>`: response headers (presence, format, uniqueness on the answers
 *   `on:` names), request headers (tolerated / ignored), and `access-control-allow-origin` as the CORS
 *   preflight (the only place a browser reads it before sending anything);
 * - `auth.<scheme>` → `header.auth.<scheme>`: each documented way to authenticate, supported or refused.
 */
import type { AuthRow, HeaderRow, Profile } from '../spec/profile.types.js';
import type { CaseDef } from './types.js';
import { observeResponseHeader, judgeResponseHeader, describeHeaderRow } from '../checks/headers/response-headers.js';
import { observeRequestHeader, judgeRequestHeader, describeRequestHeaderRow, isRequestRow } from '../checks/headers/request-headers.js';
import { observeCors, judgeCors } from '../checks/headers/cors.js';
import { observeAuth, judgeAuth, describeAuthRow } from '../checks/headers/auth.js';

function headerCase(reference: Profile, name: string, row: HeaderRow): CaseDef<HeaderRow> {
  const common = { id: `header.${name}`, area: 'header' as const, subject: name, row, referenceRow: reference.headers?.[name], source: row.source };
  if (isRequestRow(row)) {
    return { ...common, describe: describeRequestHeaderRow, observe: (io) => observeRequestHeader(io, name, row), judge: judgeRequestHeader(name) };
  }
  if (name === 'access-control-allow-origin') {
    return {
      ...common,
      describe: (r) => `${r.status} on a CORS preflight${r.value ? ` (= ${r.value})` : ''}`,
      observe: (io) => observeCors(io),
      judge: judgeCors,
    };
  }
  return { ...common, describe: describeHeaderRow, observe: (io) => observeResponseHeader(io, name, row), judge: judgeResponseHeader(name) };
}

function authCase(reference: Profile, id: string, row: AuthRow): CaseDef<AuthRow> {
  return {
    id: `header.auth.${id}`,
    area: 'header',
    subject: `auth.${id}`,
    row,
    referenceRow: reference.auth?.[id],
    source: row.source,
    describe: describeAuthRow,
    observe: (io) => observeAuth(io, id, row),
    judge: judgeAuth,
  };
}

export function headerCases(profile: Profile, reference: Profile): CaseDef<HeaderRow | AuthRow>[] {
  return [
    ...Object.entries(profile.headers ?? {}).map(([name, row]) => headerCase(reference, name.toLowerCase(), row)),
    ...Object.entries(profile.auth ?? {}).map(([id, row]) => authCase(reference, id, row)),
  ] as CaseDef<HeaderRow | AuthRow>[];
}
