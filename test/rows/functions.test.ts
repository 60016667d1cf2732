/**
 * The legacy function fields are probed with a forced `function_call: {name}` beside `functions`: the
 * emulator that honours them answers with `message.function_call` (supported, decisive); one that ignores
 * them (Parallel) gives no call (function_call ignored; functions unobservable on its own); a gateway that
 * answers with tool_calls instead is broken; one that drops function_call is caught.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { fixture } from '../probes/support.js';

const ONLY = 'request.functions,request.function_call';

describe('request.functions / request.function_call', () => {
  it('openai: both supported from one shared request, on message.function_call', async () => {
    const r = await runCases({ profile: 'openai', only: ONLY });
    for (const id of ['request.functions', 'request.function_call']) {
      const c = r.byId.get(id)!;
      expect(c.verdict, `${id}: ${c.message}`).toBe('pass');
      expect(c.evidence).toMatchObject({ named: 'get_weather', function_call: 'get_weather', tool_calls: 0, finish_reason: 'function_call' });
    }
    expect(r.sent).toBe(1);
  });

  it('parallel (declared ignored): function_call ignored passes, functions stays unobservable, nothing fails', async () => {
    const r = await runCases({ profile: 'parallel', only: ONLY });
    expect(r.byId.get('request.function_call')!.verdict).toBe('pass');
    expect(r.byId.get('request.functions')!.verdict).toBe('skip');
    expect(r.failing).toEqual([]);
  });

  it('function-call-as-tool-calls: both fail as broken', async () => {
    const r = await runCases({ profile: 'openai', fault: 'function-call-as-tool-calls', only: 'request.,message.' });
    expect([...r.failing].sort()).toEqual(['request.function_call', 'request.functions']);
    expect(r.byId.get('request.function_call')!.message).toMatch(/came back as tool_calls \(get_weather\), not as the legacy message.function_call/);
  });

  it('drops-function-call: request.function_call fails as ignored, functions is not blamed', async () => {
    const r = await runCases({ profile: 'openai', fault: 'drops-function-call', only: 'request.,message.' });
    expect(r.failing).toEqual(['request.function_call']);
    expect(r.byId.get('request.function_call')!.message).toMatch(/no function call came back/);
    expect(r.byId.get('request.functions')!.verdict).toBe('skip');
  });

  it('a refusal of function_call alone is not blamed on functions: the definitions are then sent alone', async () => {
    const r = await runCases({ profile: fixture('probe-rejected'), only: ONLY });
    expect(r.byId.get('request.function_call')!.observed).toBe('rejected');
    const f = r.byId.get('request.functions')!;
    expect([f.observed, f.verdict], f.message).toEqual(['accepted', 'skip']);
    expect(r.sent).toBe(2);
  });
});
