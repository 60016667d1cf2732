/**
 * The checks of the header area: `headers.<name>` rows (`header.<name>`: request headers tolerated or
 * ignored, the CORS preflight, response headers) and `auth.<scheme>` rows (`header.auth.<scheme>`).
 */
import type { AuthRow, HeaderRow } from '../../spec/profile.types.js';
import { authRowProbeable, describeAuthRow, judgeAuth, observeAuth } from '../headers/auth.js';
import { judgeCors, observeCors } from '../headers/cors.js';
import { describeRequestHeaderRow, isRequestRow, judgeRequestHeader, observeRequestHeader } from '../headers/request-headers.js';
import { describeHeaderRow, judgeResponseHeader, observeResponseHeader } from '../headers/response-headers.js';
import type { CheckDef } from './types.js';

const AUTH = 'header.auth.';

export const HEADER_CHECKS: readonly (CheckDef<HeaderRow> | CheckDef<AuthRow>)[] = [
  {
    id: 'header.auth.*',
    matches: (id, row: AuthRow) => authRowProbeable(id.slice(AUTH.length), row),
    rows: 'a credential scheme (bearer, x-api-key, api-key, by id or header) or a row with a header to add',
    area: 'header',
    reads: "the shared baseline (bearer on the default path) or one request with the key in the scheme's header alone, or the row's header added",
    decides: { kind: 'status', signal: '2xx when supported, 401/403 (or 4xx) when refused, against a no-key control' },
    file: 'src/checks/headers/auth.ts',
    emulator: 'src/emulator/headers.ts',
    check: {
      describe: describeAuthRow,
      observe: (io, key, row) => observeAuth(io, key.slice('auth.'.length), row),
      judge: (obs, row) => judgeAuth(obs, row),
    },
  } satisfies CheckDef<AuthRow>,
  {
    id: 'header.access-control-allow-origin',
    matches: (_id, row: HeaderRow) => !isRequestRow(row),
    rows: 'a response-header row',
    area: 'header',
    reads: 'one CORS preflight (OPTIONS with Origin and Access-Control-Request-*)',
    decides: { kind: 'protocol', signal: 'Access-Control-Allow-Origin on the preflight answer' },
    file: 'src/checks/headers/cors.ts',
    emulator: 'src/emulator/headers.ts',
    check: {
      describe: (r) => `${r.status} on a CORS preflight${r.value ? ` (= ${r.value})` : ''}`,
      observe: (io) => observeCors(io),
      judge: (obs, row) => judgeCors(obs, row),
    },
  } satisfies CheckDef<HeaderRow>,
  {
    id: 'header.*',
    matches: (id, row: HeaderRow) => !id.startsWith(AUTH) && isRequestRow(row),
    rows: 'request-header rows (direction: request, or tolerated / ignored)',
    area: 'header',
    reads: 'one good request with the header added (the tolerated SDK headers together: shared)',
    decides: { kind: 'status', signal: 'still a 2xx answer (tolerated / ignored), or the refusal' },
    file: 'src/checks/headers/request-headers.ts',
    emulator: 'src/emulator/headers.ts',
    check: {
      describe: describeRequestHeaderRow,
      observe: (io, name, row) => observeRequestHeader(io, name, row),
      judge: (obs, row, name) => judgeRequestHeader(name)(obs, row),
    },
  } satisfies CheckDef<HeaderRow>,
  {
    id: 'header.*',
    matches: (id, row: HeaderRow) => !id.startsWith(AUTH) && !isRequestRow(row),
    rows: 'response-header rows',
    area: 'header',
    reads: 'the answers its `on:` names (success, error, stream, 429: shared samples; a 429 is never provoked)',
    decides: { kind: 'protocol', signal: 'the response header present, formatted and unique as declared' },
    file: 'src/checks/headers/response-headers.ts',
    emulator: 'src/emulator/headers.ts',
    check: {
      describe: describeHeaderRow,
      observe: (io, name, row) => observeResponseHeader(io, name, row),
      judge: (obs, row, name) => judgeResponseHeader(name)(obs, row),
    },
  } satisfies CheckDef<HeaderRow>,
];
