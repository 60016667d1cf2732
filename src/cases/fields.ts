/** Cases for request fields (`request.<key>`) and message fields (`message.<key>`): one per profile row. */
import type { FieldRow, Profile } from '../spec/profile.types.js';
import type { CaseDef } from './types.js';
import { probeFor } from '../probes/index.js';
import { observeAcceptance } from '../probes/generic.js';
import { judgeField, describeFieldRow } from '../probes/judge.js';

export function fieldCases(profile: Profile, reference: Profile): CaseDef<FieldRow>[] {
  const out: CaseDef<FieldRow>[] = [];
  for (const [section, area] of [['request', 'request'], ['messages', 'message']] as const) {
    for (const [key, row] of Object.entries(profile[section] ?? {})) {
      const id = `${area}.${key}`;
      out.push({
        id,
        area,
        subject: key,
        row,
        referenceRow: reference[section]?.[key],
        source: row.source,
        describe: describeFieldRow,
        observe: (io, r) => (probeFor(id)?.observe(io, key, r) ?? observeAcceptance(io, area, key, r)),
        judge: judgeField,
      });
    }
  }
  return out;
}
