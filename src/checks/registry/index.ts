/**
 * The registry of checks: every case id is verified by exactly one CheckDef here, found by `checkFor`, and
 * every area's expander (src/cases/*.ts) picks its observe/judge through it. A row no check matches is
 * refused by `oai-compat validate` (`unverifiedRows`) and, if run anyway, is an inconclusive case that says
 * so, never a silent skip. `oai-compat checks` lists the registry; the README's table is generated from it.
 *
 * Resolution: an exact id wins over a pattern; among patterns the longest literal prefix wins; a check whose
 * `matches(id, row)` says no is passed over (so a row falls through to the next candidate, or to none).
 */
import type { Profile } from '../../spec/profile.types.js';
import type { Area } from '../../cases/types.js';
import type { CheckDef } from './types.js';
import { FIELD_CHECKS } from './fields.js';
import { RESPONSE_CHECKS } from './response.js';
import { STREAM_CHECKS } from './stream.js';
import { ERROR_CHECKS } from './errors.js';
import { HEADER_CHECKS } from './headers.js';
import { ENDPOINT_CHECKS } from './endpoints.js';
import { EXTENSION_CHECKS } from './extensions.js';
import { PERFORMANCE_CHECKS } from './performance.js';
import { RESPONSES_REGISTRY } from './responses.js';

export const CHECKS: readonly CheckDef[] = [
  ...FIELD_CHECKS,
  ...RESPONSE_CHECKS,
  ...STREAM_CHECKS,
  ...ERROR_CHECKS,
  ...HEADER_CHECKS,
  ...ENDPOINT_CHECKS,
  ...EXTENSION_CHECKS,
  ...PERFORMANCE_CHECKS,
  ...RESPONSES_REGISTRY,
];

const isPattern = (id: string) => id.includes('*');

/** The literal text before a pattern's first `*` (its specificity). */
const prefixOf = (id: string) => id.slice(0, id.indexOf('*'));

function globMatches(pattern: string, id: string): boolean {
  const re = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(id);
}

/** Profile rows' checks, in resolution order: exact ids first, then patterns by longest literal prefix. */
const CANDIDATES: readonly CheckDef[] = [
  ...CHECKS.filter((c) => !c.variant && !isPattern(c.id)),
  ...CHECKS.filter((c) => !c.variant && isPattern(c.id)).sort((a, b) => prefixOf(b.id).length - prefixOf(a.id).length),
];

/** The check that verifies the row with this case id, or undefined when none can. */
export function checkFor<Row>(id: string, row: Row): CheckDef<Row> | undefined {
  return CANDIDATES.find((c) => (isPattern(c.id) ? globMatches(c.id, id) : c.id === id) && (c.matches?.(id, row) ?? true));
}

/** The variant cases a row of the endpoints table adds (`endpoint.<of>.<name>`), those whose condition holds. */
export function variantsOf<Row>(of: string, row: Row): CheckDef<Row>[] {
  return CHECKS.filter((c) => c.variant?.of === of && c.variant.when(row));
}

/** Every profile section with rows, and the case id of a row (`messages.name` → `message.name`). */
export const ROW_SECTIONS: readonly { section: keyof Profile & string; area: Area; id(key: string): string }[] = [
  { section: 'request', area: 'request', id: (k) => `request.${k}` },
  { section: 'messages', area: 'message', id: (k) => `message.${k}` },
  { section: 'response', area: 'response', id: (k) => `response.${k}` },
  { section: 'stream', area: 'stream', id: (k) => `stream.${k}` },
  { section: 'errors', area: 'error', id: (k) => `error.${k}` },
  { section: 'headers', area: 'header', id: (k) => `header.${k.toLowerCase()}` },
  { section: 'auth', area: 'header', id: (k) => `header.auth.${k}` },
  { section: 'endpoints', area: 'endpoint', id: (k) => `endpoint.${k}` },
  { section: 'extensions', area: 'extension', id: (k) => `extension.${k}` },
  { section: 'performance', area: 'performance', id: (k) => `performance.${k}` },
  { section: 'responses', area: 'responses', id: (k) => `responses.${k}` },
];

export interface UnverifiedRow {
  /** The profile section and the row's key in it (for a position in the file: `stream`, `my-rule`). */
  section: string;
  key: string;
  id: string;
}

/** The rows of a (merged) profile that no check can verify. */
export function unverifiedRows(profile: Profile): UnverifiedRow[] {
  const out: UnverifiedRow[] = [];
  for (const s of ROW_SECTIONS) {
    for (const [key, row] of Object.entries((profile[s.section] ?? {}) as Record<string, unknown>)) {
      const id = s.id(key);
      if (!checkFor(id, row)) out.push({ section: s.section, key, id });
    }
  }
  return out;
}

/** The line `validate` and the inconclusive case say about a row no check verifies. */
export const NO_CHECK = 'no check verifies this row (oai-compat checks lists them)';
