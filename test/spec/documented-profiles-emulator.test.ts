/**
 * The provider profiles written from published compatibility pages (issue #16): each one, run whole against its
 * own emulator, has no failing case. A profile that contradicts itself (a field declared ignored whose range-error
 * row still expects a 4xx, a stream rule the declared response fields cannot meet, ...) shows up here as a failing
 * case, with no emulator code written for it.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { BUILT_IN_PROFILES, END_TO_END_PROFILES } from '../support/profiles.js';

const DOCUMENTED = BUILT_IN_PROFILES.filter((p) => !END_TO_END_PROFILES.includes(p));

describe('documented provider profiles against their own emulators', () => {
  for (const p of DOCUMENTED) {
    it(`${p}: no case fails, and every case reaches a verdict`, async () => {
      const r = await runCases({ profile: p });
      expect(r.cases.length).toBeGreaterThan(100);
      expect(r.failing, JSON.stringify(r.failing.map((id) => `${id}: ${r.byId.get(id)?.message}`))).toEqual([]);
      const inconclusive = r.cases.filter((c) => c.verdict === 'inconclusive').map((c) => `${c.id}: ${c.message}`);
      expect(inconclusive).toEqual([]);
    }, 300_000);
  }
});
