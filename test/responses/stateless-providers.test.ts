/**
 * Providers that document a stateless Responses API (OpenRouter: "no conversation state is persisted between
 * requests"; Together: "Stored responses ... are not yet supported") declare retrieve, store and
 * previous-response-id unsupported. Their emulator keeps nothing (src/emulator/endpoints/responses.ts), so their
 * own runs pass those rows on the refusal; OpenAI's emulator, which stores responses, honours all three and fails them.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

const STATEFUL = ['responses.previous-response-id', 'responses.retrieve', 'responses.store'];

describe('a stateless Responses API (retrieve declared unsupported)', () => {
  for (const profile of ['openrouter', 'together']) {
    it(`${profile}: its own emulator keeps nothing, so the stateful rows pass on the refusal`, async () => {
      const r = await runCases({ profile, only: 'responses.' });
      expect(r.failing).toEqual([]);
      expect(r.byId.get('responses.retrieve')!.message).toMatch(/declared unsupported, and refused: GET of the stored baseline got HTTP 404/);
      for (const id of STATEFUL) expect(r.byId.get(id)!.verdict, id).toBe('pass');
    });
  }

  it("openrouter against OpenAI's emulator, which stores responses: the three rows fail as honoured", async () => {
    const r = await runCases({ profile: 'openrouter', emulate: 'openai', only: 'responses.' });
    expect(r.failing.sort()).toEqual(STATEFUL);
    for (const id of STATEFUL) expect(r.byId.get(id)!.message, id).toContain('declared unsupported, but honoured');
  });
});
