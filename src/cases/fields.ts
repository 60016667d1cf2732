/**
 * Cases for request fields (`request.<key>`) and message fields (`message.<key>`): one per profile row,
 * verified by the check the registry names (src/checks/registry/fields.ts: a field probe, else the acceptance probe).
 */
import type { Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';

export function requestCases(profile: Profile, reference: Profile) {
  return rowCases('request', profile.request, reference.request, { profile, reference });
}

export function messageCases(profile: Profile, reference: Profile) {
  return rowCases('message', profile.messages, reference.messages, { profile, reference });
}
