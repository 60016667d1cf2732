/**
 * The one shape every area's cases share: one case per row of a profile section, id `<area>.<key>`, the
 * reference profile's row for the same key beside it, observed once and judged against either declaration.
 * How a row is verified is the registry's (src/checks/registry/index.ts): `checkFor` picks the check for the
 * row's id, and an area whose checks are properties rather than functions (stream) turns the check into its
 * observe/judge with `checkOf`. A row no check matches becomes an inconclusive case that says so (validate
 * refuses such a profile before anything runs), never a silent skip.
 */
import type { Profile } from '../spec/profile.types.js';
import type { Area, CaseDef, Observation } from './types.js';
import { applyStaticGate } from '../probes/gates.js';
import { checkFor, NO_CHECK } from '../checks/registry/index.js';
import type { CheckDef, RowCheck } from '../checks/registry/types.js';
import { settledByObservation } from './verdicts.js';
import { notForModel, onRowPath } from './row-scope.js';

/** Areas whose effects are read from answers to the prompt, so the run's static gate applies to them. */
const GATED: ReadonlySet<Area> = new Set(['request', 'message']);

type Profiles = { profile: Profile; reference: Profile };

export function rowCases<Row extends { source: string }>(
  area: Area,
  rows: Record<string, Row> | undefined,
  referenceRows: Record<string, Row> | undefined,
  profiles: Profiles,
  checkOf: (def: CheckDef<Row>) => RowCheck<Row> | undefined = (def) => def.check,
): CaseDef<Row>[] {
  return Object.entries(rows ?? {}).map(([key, row]) => {
    const id = `${area}.${key}`;
    const def = checkFor(id, row);
    const check = def && checkOf(def);
    return rowCase(area, key, row, referenceRows?.[key], profiles, check ?? UNVERIFIED);
  });
}

/** One case of a row, verified by `check`. */
function rowCase<Row extends { source: string }>(
  area: Area,
  key: string,
  row: Row,
  referenceRow: Row | undefined,
  profiles: Profiles,
  check: RowCheck<Row>,
): CaseDef<Row> {
  const id = `${area}.${key}`;
  return {
    id,
    area,
    subject: key,
    row,
    referenceRow,
    source: row.source,
    describe: check.describe,
    observe: async (io, r) => {
      // Extension rows use `models` for which answers must carry the field: they judge every model themselves.
      const scoped = area === 'extension' ? undefined : notForModel(r, io.model);
      if (scoped) return scoped;
      const obs = await check.observe(onRowPath(io, r), key, r);
      return GATED.has(area) ? applyStaticGate(io, obs) : obs;
    },
    judge: (obs, r) => check.judge(obs, r, key, r === row ? profiles.profile : profiles.reference, profiles.profile),
  };
}

/** A row no check verifies: nothing is sent, and the case says so (inconclusive: listed as a warning). */
const UNVERIFIED: RowCheck<any> = {
  describe: (row: { status?: unknown }) => String(row.status ?? 'declared'),
  observe: async (): Promise<Observation> => ({
    observed: 'no check',
    evidence: {},
    verdict: 'inconclusive',
    note: `${NO_CHECK}; nothing was sent (oai-compat validate refuses this row)`,
  }),
  judge: (obs) => settledByObservation(obs)!,
};
