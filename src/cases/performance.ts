/**
 * Cases for latency claims (`performance.<id>`): one per profile `performance` row, verified by the check the
 * registry names for it (src/checks/registry/performance.ts → src/checks/performance.ts).
 */
import type { PerformanceRow, Profile } from '../spec/profile.types.js';
import type { CaseDef } from './types.js';
import { rowCases } from './rows.js';

export function performanceCases(profile: Profile, reference: Profile): CaseDef<PerformanceRow>[] {
  return rowCases('performance', profile.performance, reference.performance, { profile, reference });
}
