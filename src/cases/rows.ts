/**
 * The one shape every area's cases share: one case per row of a profile section, id `<area>.<key>`, the
 * reference profile's row for the same key beside it, observed once and judged against either declaration.
 * An area supplies only how to describe, observe and judge its rows.
 */
import type { Profile } from '../spec/profile.types.js';
import type { Area, CaseDef, CaseIO, Judgement, Observation } from './types.js';
import { applyStaticGate } from '../probes/gates.js';
import { notForModel, onRowPath } from './row-scope.js';

/** Areas whose effects are read from answers to the prompt, so the run's static gate applies to them. */
const GATED: ReadonlySet<Area> = new Set(['request', 'message']);

export interface RowCheck<Row> {
  describe(row: Row): string;
  observe(io: CaseIO, key: string, row: Row): Promise<Observation>;
  /** `against` is the profile the row belongs to (the target's, or the reference for OpenAI parity). */
  judge(obs: Observation, row: Row, key: string, against: Profile): Judgement;
}

export function rowCases<Row extends { source: string }>(
  area: Area,
  rows: Record<string, Row> | undefined,
  referenceRows: Record<string, Row> | undefined,
  profiles: { profile: Profile; reference: Profile },
  check: RowCheck<Row>,
): CaseDef<Row>[] {
  return Object.entries(rows ?? {}).map(([key, row]) => ({
    id: `${area}.${key}`,
    area,
    subject: key,
    row,
    referenceRow: referenceRows?.[key],
    source: row.source,
    describe: check.describe,
    observe: async (io, r) => {
      // Extension rows use `models` for which answers must carry the field: they judge every model themselves.
      const scoped = area === 'extension' ? undefined : notForModel(r, io.model);
      if (scoped) return scoped;
      const obs = await check.observe(onRowPath(io, r), key, r);
      return GATED.has(area) ? applyStaticGate(io, `${area}.${key}`, obs) : obs;
    },
    judge: (obs, r) => check.judge(obs, r, key, r === row ? profiles.profile : profiles.reference),
  }));
}
