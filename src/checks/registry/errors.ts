/**
 * The checks of the error table (`error.<id>`): one per bad request of the catalogue
 * (src/checks/errors/catalogue.ts), each judged by the envelope rules (src/checks/errors/envelope.ts). A row
 * whose id the catalogue has no request for has no check.
 */
import type { ErrorRow } from '../../spec/profile.types.js';
import { BAD_REQUESTS, type BadRequest } from '../errors/catalogue.js';
import { describeErrorRow, judgeError, observeError } from '../errors/envelope.js';
import type { CheckDef } from './types.js';
import { sendGrouped } from '../../probes/group.js';

function errorDef(bad: BadRequest): CheckDef<ErrorRow> {
  return {
    id: `error.${bad.id}`,
    area: 'error',
    reads: `one request with ${bad.what}`,
    decides: { kind: 'status', signal: 'the HTTP status and the error envelope (type, code, param) the row declares' },
    file: 'src/checks/errors/catalogue.ts',
    emulator: 'src/emulator/profile-view.ts',
    check: {
      describe: describeErrorRow,
      observe: async (io) => {
        const id = `error.${bad.id}`;
        // A bad value the profile declares accepted may be decided in a group of such values (group-errors.ts).
        const { ex, grouped } = await sendGrouped(io, id, () => bad.build(io));
        const obs = observeError(ex);
        return { ...obs, evidence: { sent: bad.what, ...obs.evidence, ...grouped?.evidence }, ...(grouped ? { note: grouped.note } : {}) };
      },
      // Each judgement uses the envelope rules of the profile it judges against.
      judge: (obs, row, _id, against) => judgeError(obs, row, against),
    },
  };
}

export const ERROR_CHECKS: readonly CheckDef<ErrorRow>[] = BAD_REQUESTS.map(errorDef);
