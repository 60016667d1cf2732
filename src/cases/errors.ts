/** Cases for the bad-request catalogue (`error.<id>`): one per profile row (src/checks/registry/errors.ts). */
import type { Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';

export function errorCases(profile: Profile, reference: Profile) {
  return rowCases('error', profile.errors, reference.errors, { profile, reference });
}
