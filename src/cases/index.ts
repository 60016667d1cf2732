/**
 * Every case of a profile, by area. Each area's expander turns profile rows into cases; a new row in
 * YAML is a new case with no code. Areas plug in here.
 */
import type { Profile } from '../spec/profile.types.js';
import type { AnyCase, Area } from './types.js';
import { requestCases, messageCases } from './fields.js';
import { responseCases } from './response.js';
import { errorCases } from './errors.js';
import { streamCases } from './stream.js';
import { performanceCases } from './performance.js';
import { headerCases } from './headers.js';
import { endpointCases } from './endpoints.js';
import { extensionCases } from './extensions.js';
import { responsesCases } from './responses.js';

type Expander = (profile: Profile, reference: Profile) => AnyCase[];

export const EXPANDERS: Partial<Record<Area, Expander>> = {
  request: requestCases,
  message: messageCases,
  response: responseCases,
  error: errorCases,
  stream: streamCases,
  performance: performanceCases,
  header: headerCases,
  endpoint: endpointCases,
  extension: extensionCases,
  responses: responsesCases,
};

export function expandCases(profile: Profile, reference: Profile, areas?: Area[]): AnyCase[] {
  const out: AnyCase[] = [];
  for (const [area, expand] of Object.entries(EXPANDERS) as [Area, Expander][]) {
    if (areas && !areas.includes(area)) continue;
    out.push(...expand(profile, reference));
  }
  return out;
}

/** `--only` patterns: comma-separated; `*` matches anything; a bare prefix matches ids that start with it. */
export function matchesOnly(id: string, only?: string): boolean {
  if (!only) return true;
  return only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .some((p) => {
      if (p.includes('*'))
        return new RegExp(
          `^${p
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ).test(id);
      return id === p || id.startsWith(p.endsWith('.') ? p : `${p}.`) || id.startsWith(p);
    });
}
