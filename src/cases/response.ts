/** Cases for response fields (`response.<path>`): one per profile row, all read from the shared baseline. */
import type { Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';
import { observeResponseField, judgeResponseField, describeResponseRow } from '../checks/response-field.js';

export function responseCases(profile: Profile, reference: Profile) {
  return rowCases(
    'response',
    profile.response,
    reference.response,
    { profile, reference },
    {
      describe: describeResponseRow,
      observe: (io, path) => observeResponseField(io, path),
      judge: (obs, row) => judgeResponseField(obs, row),
    },
  );
}
