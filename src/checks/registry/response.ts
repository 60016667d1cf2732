/** The check of response fields (`response.<path>`): any path, read on the shared baseline. */
import type { ResponseRow } from '../../spec/profile.types.js';
import { describeResponseRow, judgeResponseField, observeResponseField } from '../response-field.js';
import type { CheckDef } from './types.js';

export const RESPONSE_CHECKS: readonly CheckDef<ResponseRow>[] = [
  {
    id: 'response.*',
    area: 'response',
    reads: 'the shared baseline (and, for fields only some requests produce, the answer to the field probe that produces them: shared)',
    decides: { kind: 'protocol', signal: 'the path present, empty, typed or formatted as the row says (sumOf: the sum of its siblings)' },
    file: 'src/checks/response-field.ts',
    emulator: 'src/emulator/generator.ts',
    check: {
      describe: describeResponseRow,
      observe: (io, path) => observeResponseField(io, path),
      judge: (obs, row) => judgeResponseField(obs, row),
    },
  },
];
