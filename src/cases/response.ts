/** Cases for response fields (`response.<path>`): one per profile row (src/checks/registry/response.ts: the shared baseline). */
import type { Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';

export function responseCases(profile: Profile, reference: Profile) {
  return rowCases('response', profile.response, reference.response, { profile, reference });
}
