/**
 * request.tools.strict against the emulator over loopback: a forced call to a strict function must come back
 * with arguments that validate against its parameters. Broken arguments fail where strict is declared
 * supported (and pass where it is declared ignored); no call is inconclusive, never a fail; a profile whose
 * tools are not honoured sends nothing and skips.
 */
import { describe, expect, it } from 'vitest';
import { runCases } from '../support/run-cases.js';
import type { CaseResult } from '../../src/results/results.types.js';

const ID = 'request.tools.strict';
type Ev = Record<string, any>;
const show = (c: CaseResult | undefined) => `${c?.observed} (${c?.confidence}) ${JSON.stringify(c?.evidence)} — ${c?.message}`;

async function strictCase(profile: string, fault?: string): Promise<CaseResult> {
  const r = await runCases({ profile, ...(fault ? { fault } : {}), only: ID });
  const c = r.byId.get(ID);
  expect(c, `${ID} ran on ${profile}`).toBeDefined();
  return c!;
}

describe(ID, () => {
  it('a well-behaved server is not blamed: valid arguments for the strict function pass, from one request', async () => {
    const c = await strictCase('openai');
    expect([c.observed, c.confidence, c.verdict], show(c)).toEqual(['supported', 'decisive', 'pass']);
    expect(c.evidence as Ev, show(c)).toMatchObject({ function: 'get_time', calls_to_function: 1, schema_valid: true });
    expect(c.requests).toBe(1);
  });

  it('request.tool_choice.named reads the same request, and request.tools the forced ones: no request of their own', async () => {
    const r = await runCases({ profile: 'openai', only: `${ID},request.tool_choice.named,request.tool_choice.required,request.tools` });
    expect(r.failing).toEqual([]);
    const named = r.byId.get('request.tool_choice.named')!;
    expect([named.observed, named.confidence, named.verdict], show(named)).toEqual(['supported', 'decisive', 'pass']);
    expect(named.evidence as Ev).toMatchObject({ named: 'get_time', names: ['get_time'], read_from: ID });
    expect(r.byId.get('request.tools')!.observed).toBe('supported');
    // strict's request (named's too), the required one and the baseline (their control): 3 for 4 cases.
    expect(r.sent).toBe(3);
  });

  it('strict refused (tools-strict-refused): strict fails, the named choice sends its own request and passes', async () => {
    const r = await runCases({ profile: 'openai', fault: 'tools-strict-refused', only: `${ID},request.tool_choice.named,message.tool-round-trip` });
    expect(r.failing).toEqual([ID]);
    const named = r.byId.get('request.tool_choice.named')!;
    expect([named.observed, named.verdict], show(named)).toEqual(['supported', 'pass']);
    expect(named.evidence as Ev).not.toHaveProperty('read_from');
    expect(r.byId.get('message.tool-round-trip')!.verdict).toBe('pass');
  });

  it('arguments that break the schema (tools-strict-ignored) fail, saying what broke', async () => {
    const c = await strictCase('openai', 'tools-strict-ignored');
    expect([c.observed, c.confidence, c.verdict], show(c)).toEqual(['ignored', 'decisive', 'fail']);
    expect(c.evidence as Ev, show(c)).toMatchObject({ schema_valid: false, calls_to_function: 1 });
    expect((c.evidence as Ev).schema_errors).toBeGreaterThan(0);
    expect(c.message).toMatch(/strict: true, yet 1 of 1 call\(s\) to get_time came back with arguments that break its parameters/);
    expect(c.message).toMatch(/additional properties|allowed values/);
  });

  it('no call at all (a named tool_choice treated as "auto") is inconclusive, never a fail', async () => {
    const c = await strictCase('openai', 'tool-choice-named-ignored');
    expect([c.observed, c.verdict], show(c)).toEqual(['no call', 'inconclusive']);
    expect(c.message).toMatch(/no call to it came back .*request\.tool_choice\.named then reads its own request/);
  });

  it('a profile that declares tools ignored (parallel) skips, saying why, and sends nothing', async () => {
    const c = await strictCase('parallel');
    expect([c.verdict, c.parity?.verdict], show(c)).toEqual(['skip', 'skip']);
    expect(c.message).toMatch(/declares tools ignored, so no tool call can come back/);
    expect(c.requests ?? 0).toBe(0);
  });

  it('a profile that declares a named tool_choice unsupported (ollama): no call is a skip, as declared', async () => {
    const c = await strictCase('ollama');
    expect([c.observed, c.verdict], show(c)).toEqual(['no call', 'skip']);
    expect(c.message).toMatch(/as the profile's tool_choice\.named \(unsupported\) leads one to expect/);
  });

  it('strict declared ignored (anthropic): broken arguments pass as declared and fail parity; valid ones are unobservable', async () => {
    const broken = await strictCase('anthropic', 'tools-strict-ignored');
    expect([broken.observed, broken.verdict, broken.parity?.verdict], show(broken)).toEqual(['ignored', 'pass', 'fail']);
    const valid = await strictCase('anthropic');
    expect([valid.observed, valid.confidence, valid.verdict, valid.parity?.verdict], show(valid)).toEqual(['accepted', 'unobservable', 'skip', 'skip']);
    expect(valid.message).toMatch(/valid arguments cannot show strict ignored/);
  });
});
