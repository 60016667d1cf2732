/**
 * Error rows are held to OpenAI's documented status where it is known, not to "any 4xx":
 * `error.missing-model` is 400, so a gateway that fills in a model of its own and answers 404 for it
 * fails; the clean emulator of every profile still passes every error case, and a profile that does not
 * promise OpenAI's status (Parallel: "approximately the same" formats) keeps 4xx.
 */
import { describe, it, expect } from 'vitest';
import { expectCaught } from '../errors/fault-check.js';
import { runCases } from '../support/run-cases.js';
import { loadProfile } from '../../src/spec/load.js';

describe('error rows at the documented status', () => {
  it('fills-in-missing-model: error.missing-model fails on the 404', () =>
    expectCaught('fills-in-missing-model', ['error.missing-model'], /status 404, declared 400/));

  for (const profile of ['openai', 'flexai', 'parallel', 'parasail-bifrost']) {
    it(`the clean ${profile} emulator passes every error case it decides`, async () => {
      const r = await runCases({ profile, only: 'error.' });
      expect(r.failing, r.failing.map((id) => `${id}: ${r.byId.get(id)?.message}`).join('\n')).toEqual([]);
      expect(r.byId.get('error.missing-model')?.verdict).toBe('pass');
    });
  }

  it("Parallel keeps 4xx for missing-model (OpenAI's 400 is not promised), so its parity judgement is the one that differs", () => {
    expect(loadProfile('parallel').profile.errors?.['missing-model']?.status).toBe('4xx');
    expect(loadProfile('openai').profile.errors?.['missing-model']?.status).toBe(400);
  });
});
