/**
 * request.logprobs and the choices[].logprobs response row read request.top_logprobs's answer (logprobs: true
 * with top_logprobs K, shared) where the profile declares top_logprobs and not rejected: one request for the
 * three cases. A refusal of that request is not logprobs's verdict: it sends its own (logprobs alone).
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

const ONLY = 'request.logprobs,request.top_logprobs,response.choices[].logprobs';

describe('request.logprobs reads the top_logprobs answer', () => {
  it('openai: one request answers logprobs, top_logprobs and the response row (plus the shared baseline)', async () => {
    const r = await runCases({ profile: 'openai', only: ONLY });
    expect(r.failing).toEqual([]);
    const logprobs = r.byId.get('request.logprobs')!;
    expect([logprobs.observed, logprobs.confidence, logprobs.verdict], logprobs.message).toEqual(['supported', 'decisive', 'pass']);
    expect(logprobs.evidence).toMatchObject({ read_from: 'request.top_logprobs' });
    expect(r.byId.get('request.top_logprobs')!.verdict).toBe('pass');
    const row = r.byId.get('response.choices[].logprobs')!;
    expect(row.verdict, row.message).toBe('pass');
    expect(JSON.stringify(row.evidence)).toMatch(/top_logprobs answer/);
    // The top_logprobs request and the baseline (logprobs's control), nothing else.
    expect(r.sent).toBe(2);
  });

  it('refuses-top-logprobs: top_logprobs fails, logprobs sends its own request and passes', async () => {
    const r = await runCases({ profile: 'openai', fault: 'refuses-top-logprobs', only: ONLY });
    expect(r.failing).toEqual(['request.top_logprobs']);
    const logprobs = r.byId.get('request.logprobs')!;
    expect([logprobs.observed, logprobs.verdict], logprobs.message).toEqual(['supported', 'pass']);
    expect(logprobs.evidence).not.toHaveProperty('read_from');
    expect(r.byId.get('response.choices[].logprobs')!.verdict).toBe('pass');
    expect(r.sent).toBe(3);
  });

  it('groq (top_logprobs declared rejected): logprobs sends its own request, never the refused one for its verdict', async () => {
    const r = await runCases({ profile: 'groq', only: ONLY });
    const logprobs = r.byId.get('request.logprobs')!;
    expect(logprobs.observed).toBe('rejected');
    expect(logprobs.evidence).not.toHaveProperty('read_from');
  });
});
