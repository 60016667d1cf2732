/**
 * Cases for the operations beside chat completions, one per `endpoints` row (`endpoint.<id>`), plus
 * variants for supported rows that promise more: `endpoint.embeddings.base64`,
 * `endpoint.embeddings.encoding-format-null` (when `options.encodingFormatNull` is declared),
 * `endpoint.completions.stream` and `endpoint.responses.stream` (when `streaming: true`).
 * Which check verifies each, and which variants a row adds, is the registry's (src/checks/registry/endpoints.ts).
 */
import type { EndpointRow, Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';
import type { CaseDef } from './types.js';
import { variantsOf } from '../checks/registry/index.js';
import type { CheckDef } from '../checks/registry/types.js';

/** A further case of a supported row; its judge gets the profile whose envelope rules apply to the row it judges. */
function variantCase(profile: Profile, reference: Profile, of: string, row: EndpointRow, def: CheckDef<EndpointRow>): CaseDef<EndpointRow> {
  const check = def.check!;
  return {
    id: def.id,
    area: 'endpoint',
    subject: def.id.slice('endpoint.'.length),
    row,
    referenceRow: reference.endpoints?.[of],
    source: row.source,
    describe: check.describe,
    observe: (io, r) => check.observe(io, of, r),
    judge: (obs, r) => check.judge(obs, r, of, r === row ? profile : reference, profile),
  };
}

export function endpointCases(profile: Profile, reference: Profile): CaseDef<EndpointRow>[] {
  const out = rowCases('endpoint', profile.endpoints, reference.endpoints, { profile, reference });
  for (const [id, row] of Object.entries(profile.endpoints ?? {})) {
    for (const def of variantsOf(id, row)) out.push(variantCase(profile, reference, id, row, def));
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
