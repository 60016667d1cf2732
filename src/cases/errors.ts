/** Cases for the bad-request catalogue (`error.<id>`): one per profile row that the catalogue can build. */
import type { Profile } from '../spec/profile.types.js';
import { rowCases } from './rows.js';
import { findBadRequest } from '../checks/errors/catalogue.js';
import { observeError, judgeError, describeErrorRow } from '../checks/errors/envelope.js';

export function errorCases(profile: Profile, reference: Profile) {
  return rowCases(
    'error',
    profile.errors,
    reference.errors,
    { profile, reference },
    {
      describe: describeErrorRow,
      observe: async (io, id) => {
        const bad = findBadRequest(id);
        if (!bad)
          return { observed: 'not probed', confidence: 'unobservable', evidence: {}, verdict: 'skip', note: `no bad request is defined for "${id}" yet` };
        const obs = observeError(await io.send(bad.build(io)));
        return { ...obs, evidence: { sent: bad.what, ...obs.evidence } };
      },
      // Each judgement uses the envelope rules of the profile it judges against.
      judge: (obs, row, _id, against) => judgeError(obs, row, against),
    },
  );
}
