/**
 * The list the check registry reads (RESPONSES_CASES): one entry per responses row of the OpenAI reference, each
 * saying what it reads and decides, and no entry without a row.
 */
import { describe, expect, it } from 'vitest';
import { RESPONSES_CASES } from '../../src/checks/responses/row-check.js';
import { loadProfile } from '../../src/spec/load.js';

describe('RESPONSES_CASES', () => {
  it('names every responses row of the reference, and only those, with what it reads and decides', () => {
    const rows = Object.keys(loadProfile('openai').profile.responses ?? {}).map((k) => `responses.${k}`);
    expect(Object.keys(RESPONSES_CASES).sort()).toEqual(rows.sort());
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const [id, c] of Object.entries(RESPONSES_CASES)) {
      expect(c.reads.length, id).toBeGreaterThan(0);
      expect(c.decides.length, id).toBeGreaterThan(10);
    }
  });
});
