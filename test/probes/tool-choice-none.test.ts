/**
 * tool_choice "none": a call under it contradicts the choice whatever the cause (decisive, no control
 * needed); no call is what a prose prompt gets on "auto" too, so a well-behaved target is a skip, never a pass.
 */
import { describe, expect, it } from 'vitest';
import { runCases } from '../support/run-cases.js';

describe('request.tool_choice.none', () => {
  it('a well-behaved target is not blamed: no call, the choice itself unobservable (skip)', async () => {
    const r = await runCases({ profile: 'openai', only: 'request.tool_choice.none' });
    const c = r.byId.get('request.tool_choice.none')!;
    expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['accepted', 'unobservable', 'skip']);
  });

  it('a call under "none" fails, naming the function', async () => {
    const r = await runCases({ profile: 'openai', fault: 'tool-choice-none-calls', only: 'request.tool_choice.none' });
    const c = r.byId.get('request.tool_choice.none')!;
    expect([c.observed, c.confidence, c.verdict], c.message).toEqual(['broken', 'decisive', 'fail']);
    expect(c.message).toMatch(/tool_choice "none", yet the model called get_weather/);
  });

  it('calls to a function the request does not declare break tools and tool_choice "required"', async () => {
    const r = await runCases({ profile: 'openai', fault: 'tool-calls-undeclared', only: 'request.tools,request.tool_choice.' });
    expect(r.failing.sort()).toEqual(['request.tool_choice.named', 'request.tool_choice.required', 'request.tools']);
    expect(r.byId.get('request.tools')!.message).toMatch(/calls only to string, which they do not declare/);
  });
});
