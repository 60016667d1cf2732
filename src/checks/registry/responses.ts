/**
 * The checks of the Responses API (`responses.<check>`): one per check of src/cases/responses-checks.ts, all
 * observed and judged by src/checks/responses/row-check.ts (the shared baseline answer first: a target without
 * /responses gets one finding, responses.object, and every other case skips saying so).
 */
import type { ResponsesRow } from '../../spec/profile.types.js';
import { RESPONSES_CHECKS } from '../../cases/responses-checks.js';
import { responsesCheck } from '../responses/row-check.js';
import type { CheckDef } from './types.js';

export const RESPONSES_REGISTRY: readonly CheckDef<ResponsesRow>[] = Object.entries(RESPONSES_CHECKS).map(([key, c]) => ({
  id: `responses.${key}`,
  area: 'responses',
  reads: c.reads.map((kind) => `the ${kind} request`).join(', '),
  decides: { kind: 'protocol', signal: c.decides },
  file: 'src/cases/responses-checks.ts',
  emulator: 'src/emulator/endpoints/responses.ts',
  check: responsesCheck,
}));
