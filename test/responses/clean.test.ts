/**
 * The responses area against the emulators: every profile that declares the Responses API gets a clean run
 * (nothing fails, nothing unsettled), with one baseline answer and one baseline stream shared by the cases.
 */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/spec/load.js';
import { BUILT_IN_PROFILES } from '../support/profiles.js';
import { runCases } from '../support/run-cases.js';

describe('responses.* on the clean openai emulator', () => {
  it('passes, with a reason on every case, at least 20 cases', async () => {
    const r = await runCases({ profile: 'openai', only: 'responses.' });
    const bad = r.cases.filter((c) => c.verdict !== 'pass' && c.verdict !== 'skip').map((c) => `${c.id}: ${c.verdict} ${c.message}`);
    expect(bad).toEqual([]);
    expect(r.cases.length).toBeGreaterThanOrEqual(20);
    const passed = r.cases.filter((c) => c.verdict === 'pass').map((c) => c.id);
    // Only function-call-auto and stream-error-event may have nothing to judge on a clean target.
    expect(
      r.cases
        .filter((c) => c.verdict === 'skip')
        .map((c) => c.id)
        .sort(),
    ).toEqual(['responses.function-call-auto', 'responses.stream-error-event'].filter((id) => !passed.includes(id)));
    for (const c of r.cases) expect(c.area).toBe('responses');
  });
});

describe('responses.* on every built-in profile, against its own emulator', () => {
  for (const profile of BUILT_IN_PROFILES) {
    it(`${profile}: nothing fails, nothing is left unsettled`, async () => {
      const model = loadProfile(profile).profile.target?.defaultModel ?? 'some-model';
      const r = await runCases({ profile, only: 'responses.', model });
      const bad = r.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'inconclusive').map((c) => `${c.id}: ${c.verdict} ${c.message}`);
      expect(bad).toEqual([]);
      expect(r.cases.length).toBeGreaterThanOrEqual(20);
    });
  }
});
