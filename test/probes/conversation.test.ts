/**
 * Issue #15's peer checks, both ways, against the emulator over loopback: the agent loop's tool round trip,
 * a tool result for an id never issued, a multi-turn conversation, and strict structured output (extra
 * properties, values outside an enum). The clean emulator passes each; each fault fails exactly its case.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { runCases, type CaseRun } from '../support/run-cases.js';

const ONLY = 'message.,request.response_format.json_schema,request.tool_choice.named';
const run = (fault?: string) => runCases({ profile: 'openai', only: ONLY, ...(fault ? { fault } : {}) });
const show = (r: CaseRun, id: string) => `${id}: ${r.byId.get(id)?.verdict} ${r.byId.get(id)?.message}`;

describe('a well-behaved server is not blamed', () => {
  let r: CaseRun;
  beforeAll(async () => {
    r = await run();
  });

  it('the round trip, the mismatch, multi-turn and strict json_schema pass', () => {
    expect(r.failing).toEqual([]);
    for (const id of ['message.tool-round-trip', 'message.tool_call_id.mismatch', 'message.multi-turn', 'request.response_format.json_schema'])
      expect(r.byId.get(id)?.verdict, show(r, id)).toBe('pass');
  });

  it("the round trip sends back the target's own call, sharing the forcing request with tool_choice.named", () => {
    const c = r.byId.get('message.tool-round-trip')!;
    expect(c.evidence).toMatchObject({ function: 'get_time', call_id: expect.stringMatching(/\S/) });
    const bodies = (id: string) =>
      (r.byId.get(id)?.exchanges ?? []).map((x) => JSON.parse(r.exchanges.find((e) => e.id === x)?.request.body ?? '{}') as Record<string, unknown>);
    const back = bodies('message.tool-round-trip').filter((b) => (b.messages as unknown[]).length === 3);
    expect(back).toHaveLength(1);
    const messages = back[0]!.messages as { role: string; tool_call_id?: string }[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages[2]!.tool_call_id).toBe((c.evidence as Record<string, unknown>).call_id);
    // The forcing request is the very exchange request.tool_choice.named read: shared, not sent twice.
    expect(r.byId.get('message.tool-round-trip')!.exchanges).toContain(r.byId.get('request.tool_choice.named')!.exchanges![0]);
  });
});

describe('each deviation fails its own case', () => {
  it.each([
    ['tool-results-refused', 'message.tool-round-trip'],
    ['tool-call-id-unchecked', 'message.tool_call_id.mismatch'],
    ['assistant-history-refused', 'message.multi-turn'],
    ['json-schema-extra-property', 'request.response_format.json_schema'],
    ['json-schema-outside-enum', 'request.response_format.json_schema'],
  ])('%s fails %s', async (fault, id) => {
    const r = await run(fault);
    expect(r.byId.get(id)?.verdict, show(r, id)).toBe('fail');
  });
});
