/**
 * request.n reads its choice count from tool_choice "none"'s request, which carries n where the profile declares
 * n supported: only "n choices" is taken from it; any other count, or a refusal, and n sends its own request.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

const ONLY = 'request.n,request.tool_choice.none';

describe('request.n rides on tool_choice "none"', () => {
  it('openai: one request answers both (n 2 choices, no tool call)', async () => {
    const r = await runCases({ profile: 'openai', only: ONLY });
    expect(r.failing).toEqual([]);
    const n = r.byId.get('request.n')!;
    expect([n.observed, n.confidence, n.verdict], n.message).toEqual(['supported', 'decisive', 'pass']);
    expect(n.evidence).toMatchObject({ n: 2, choices: 2, read_from: 'request.tool_choice.none' });
    expect(r.byId.get('request.tool_choice.none')!.evidence).toMatchObject({ carries_n: 2, tool_calls: 0 });
    expect(r.sent).toBe(1);
  });

  it('n-ignored: one choice there is not taken; n sends its own request, which decides (ignored, a fail)', async () => {
    const r = await runCases({ profile: 'openai', fault: 'n-ignored', only: ONLY });
    expect(r.failing).toEqual(['request.n']);
    const n = r.byId.get('request.n')!;
    expect([n.observed, n.confidence], n.message).toEqual(['ignored', 'decisive']);
    expect(n.evidence).not.toHaveProperty('read_from');
    expect(r.sent).toBe(2);
  });

  it('tool-choice-none-calls: "none" is broken on its own request (the shared one is not its verdict), n still passes', async () => {
    const r = await runCases({ profile: 'openai', fault: 'tool-choice-none-calls', only: ONLY });
    expect(r.failing).toEqual(['request.tool_choice.none']);
    expect(r.byId.get('request.tool_choice.none')!.evidence).not.toHaveProperty('read_from');
    expect(r.byId.get('request.n')!.verdict).toBe('pass');
  });

  it('parallel (n declared ignored): nothing is carried, each sends its own', async () => {
    const r = await runCases({ profile: 'parallel', only: ONLY });
    expect(r.byId.get('request.n')!.evidence).not.toHaveProperty('read_from');
    expect(r.byId.get('request.tool_choice.none')!.evidence).not.toHaveProperty('carries_n');
  });
});
