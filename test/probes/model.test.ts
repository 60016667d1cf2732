import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

describe('request.model', () => {
  it("selects a model: the run's model is answered and a made-up one refused (no request of its own)", async () => {
    const r = await runCases({ profile: 'openai', only: 'request.model,error.unknown-model' });
    const c = r.byId.get('request.model')!;
    expect([c.observed, c.confidence, c.verdict]).toEqual(['supported', 'decisive', 'pass']);
    expect(c.evidence).toMatchObject({ status: 200, unknown_model_status: 404 });
    // Two requests in all for both cases: the baseline and the unknown-model request, each sent once.
    expect(r.serverRequests).toBe(2);
  });

  it('a target that answers any model: observed ignored, and the case fails', async () => {
    const r = await runCases({ profile: 'openai', only: 'request.model', fault: 'ok-for-unknown-model' });
    const c = r.byId.get('request.model')!;
    expect([c.observed, c.verdict]).toEqual(['ignored', 'fail']);
    expect(c.message).toMatch(/a model that does not exist was answered like the real one/);
  });
});
