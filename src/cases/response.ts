/** Cases for response fields (`response.<path>`): one per profile row, all read from the shared baseline. */
import type { Profile, ResponseRow } from '../spec/profile.types.js';
import type { CaseDef } from './types.js';
import { observeResponseField, judgeResponseField, describeResponseRow } from '../checks/response-field.js';

export function responseCases(profile: Profile, reference: Profile): CaseDef<ResponseRow>[] {
  return Object.entries(profile.response ?? {}).map(([path, row]) => ({
    id: `response.${path}`,
    area: 'response' as const,
    subject: path,
    row,
    referenceRow: reference.response?.[path],
    source: row.source,
    describe: describeResponseRow,
    observe: (io) => observeResponseField(io, path),
    judge: judgeResponseField,
  }));
}
