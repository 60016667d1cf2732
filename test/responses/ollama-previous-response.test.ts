/**
 * Ollama documents its Responses API as "non-stateful" (previous_response_id unticked): the profile declares
 * responses.previous-response-id unsupported, so its emulator refuses the field, which passes as declared and
 * fails parity with OpenAI (which honours it).
 */
import { describe, expect, it } from 'vitest';
import { runCases } from '../support/run-cases.js';

describe('ollama: responses.previous-response-id', () => {
  it('declared unsupported: the refusal passes as declared, and parity with OpenAI fails', async () => {
    const r = await runCases({ profile: 'ollama', only: 'responses.previous-response-id' });
    const c = r.byId.get('responses.previous-response-id')!;
    expect([c.verdict, c.parity?.verdict], c.message).toEqual(['pass', 'fail']);
    expect(c.message).toMatch(/declared unsupported, and refused/);
  });
});
