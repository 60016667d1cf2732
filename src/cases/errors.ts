/** Cases for the bad-request catalogue (`error.<id>`): one per profile row that the catalogue can build. */
import type { ErrorRow, Profile } from '../spec/profile.types.js';
import type { CaseDef } from './types.js';
import { findBadRequest } from '../checks/errors/catalogue.js';
import { observeError, judgeError, describeErrorRow } from '../checks/errors/envelope.js';

export function errorCases(profile: Profile, reference: Profile): CaseDef<ErrorRow>[] {
  const out: CaseDef<ErrorRow>[] = [];
  for (const [id, row] of Object.entries(profile.errors ?? {})) {
    const bad = findBadRequest(id);
    out.push({
      id: `error.${id}`,
      area: 'error',
      subject: id,
      row,
      referenceRow: reference.errors?.[id],
      source: row.source,
      describe: describeErrorRow,
      observe: async (io) => {
        if (!bad) return { observed: 'not probed', confidence: 'unobservable', evidence: {}, verdict: 'skip', note: `no bad request is defined for "${id}" yet` };
        const obs = observeError(await io.send(bad.build(io)));
        return { ...obs, evidence: { sent: bad.what, ...obs.evidence } };
      },
      // Each judgement uses the envelope rules of the profile it judges against.
      judge: (obs, r) => judgeError(obs, r, r === row ? profile : reference),
    });
  }
  return out;
}
