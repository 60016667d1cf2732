/**
 * Whether a profile declares the Responses API served: its own `endpoints.responses` row when it has one (a
 * provider's documentation naming the operation, or saying it is unsupported), otherwise the `responses` rows it
 * has (inherited from the OpenAI reference, which serves it). Read by the cases and the emulator alike, so the
 * emulator serves `/responses` exactly where the cases expect it.
 */
import type { Profile } from '../../spec/profile.types.js';

export type ResponsesDeclared = 'supported' | 'unsupported' | 'undeclared';

export function responsesDeclared(profile: Profile): ResponsesDeclared {
  const row = profile.endpoints?.responses;
  if (row) return row.status === 'unsupported' ? 'unsupported' : 'supported';
  return Object.keys(profile.responses ?? {}).length ? 'supported' : 'undeclared';
}

/** The path of the operation (relative to the base URL): the endpoints row's, else OpenAI's. */
export function responsesPath(profile: Profile): string {
  return profile.endpoints?.responses?.path ?? '/responses';
}
