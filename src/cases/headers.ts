/**
 * Cases for headers, from two kinds of profile rows (the checks: src/checks/registry/headers.ts):
 * - `headers.<name>` → `header.<name>`: response headers (presence, format, uniqueness on the answers
 *   `on:` names), request headers (tolerated / ignored), and `access-control-allow-origin` as the CORS
 *   preflight (the only place a browser reads it before sending anything);
 * - `auth.<scheme>` → `header.auth.<scheme>`: each documented way to authenticate, supported or refused.
 */
import type { AuthRow, HeaderRow, Profile } from '../spec/profile.types.js';
import type { CaseDef } from './types.js';
import { rowCases } from './rows.js';

const prefixed = <Row>(rows: Record<string, Row> | undefined) => rows && Object.fromEntries(Object.entries(rows).map(([k, r]) => [`auth.${k}`, r]));

export function headerCases(profile: Profile, reference: Profile): CaseDef<HeaderRow | AuthRow>[] {
  const headers = Object.fromEntries(Object.entries(profile.headers ?? {}).map(([name, row]) => [name.toLowerCase(), row]));
  return [
    ...rowCases('header', headers, reference.headers, { profile, reference }),
    ...rowCases('header', prefixed(profile.auth), prefixed(reference.auth), { profile, reference }),
  ] as CaseDef<HeaderRow | AuthRow>[];
}
