/** Cases for the Responses API (`responses.<check>`): one per row of the profile's `responses` section (src/checks/registry/responses.ts). */
import type { Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';

export function responsesCases(profile: Profile, reference: Profile) {
  return rowCases('responses', profile.responses, reference.responses, { profile, reference });
}
