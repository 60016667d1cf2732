import { describe, expect, it } from 'vitest';
import { readSse } from '../../src/sse/reader.js';
import type { SequenceRuleId } from '../../src/sse/rules.js';
import { checkSequence, reassemble, type SequenceContext } from '../../src/sse/sequence.js';
import { BASE, choice, chunk, readsOf, sse, textData, toolData, USAGE } from './fixtures.js';

function seq(data: string[] | string, ctx: SequenceContext = {}) {
  const body = typeof data === 'string' ? data : sse(data);
  return checkSequence(readSse(readsOf([body])), ctx);
}

function rule(data: string[] | string, id: SequenceRuleId, ctx: SequenceContext = {}) {
  return seq(data, ctx)[id];
}

/** Rewrite every chunk's JSON (the [DONE] sentinel untouched). */
function mapChunks(data: string[], f: (c: Record<string, any>, i: number) => Record<string, any> | null): string[] {
  const out: string[] = [];
  data.forEach((d, i) => {
    if (d === '[DONE]') return out.push(d);
    const r = f(JSON.parse(d), i);
    if (r) out.push(JSON.stringify(r));
  });
  return out;
}

const TEXT = textData(['Hello', ' there', ', friend.']);
const TEXT_USAGE = textData(['Hello', ' there', ', friend.'], { usage: true });
const TOOLS = toolData([
  { id: 'call_a', name: 'get_weather', args: ['{"city"', ': "Paris"}'] },
  { id: 'call_b', name: 'get_time', args: ['{"tz": ', '"CET"}'] },
]);

describe('canonical streams pass every sequence rule', () => {
  const cases: [string, string[], SequenceContext][] = [
    ['text', TEXT, {}],
    ['text + usage', TEXT_USAGE, { includeUsage: true }],
    [
      'two parallel tool calls + usage',
      toolData(
        [
          { id: 'a', name: 'f', args: ['{}'] },
          { id: 'b', name: 'g', args: ['{"x":', '1}'] },
        ],
        { usage: true },
      ),
      { includeUsage: true, tools: true },
    ],
    ['n=2', textData(['a', 'b'], { n: 2 }), { n: 2 }],
    ['always mode', TEXT_USAGE, { usageMode: 'always' }],
    ['never mode', TEXT, { usageMode: 'never', includeUsage: true }],
  ];
  for (const [name, data, ctx] of cases) {
    it(name, () => {
      const results = seq(data, ctx);
      expect(Object.keys(results)).toHaveLength(14);
      for (const r of Object.values(results)) expect(r.ok, `${r.rule}: ${r.message}`).toBe(true);
    });
  }
});

describe('chunk-object', () => {
  it('fails object "chat.completion" and quotes the chunk', () => {
    const r = rule(
      mapChunks(TEXT, (c, i) => (i === 1 ? { ...c, object: 'chat.completion' } : c)),
      'chunk-object',
    );
    expect(r).toMatchObject({ ok: false, evidence: { offending: 1, first: 1 } });
    expect(r.message).toContain('has object "chat.completion"');
  });
  it('fails a chunk with no object field, or no choices', () => {
    expect(
      rule(
        mapChunks(TEXT, ({ object: _o, ...c }) => c),
        'chunk-object',
      ).evidence.offending,
    ).toBe(5);
    expect(
      rule(
        mapChunks(TEXT, ({ choices: _c, ...c }, i) => (i === 2 ? c : { ...c, choices: _c })),
        'chunk-object',
      ).message,
    ).toContain('has no choices array');
  });
  it('fails a choice without an index', () => {
    const r = rule(
      mapChunks(TEXT, (c, i) => (i === 1 ? { ...c, choices: [{ delta: { content: 'x' }, finish_reason: null }] } : c)),
      'chunk-object',
    );
    expect(r.message).toContain('has choices[0] with no index');
  });
  it('fails a JSON value that is not an object', () => {
    expect(rule(['[1,2]', '[DONE]'], 'chunk-object').message).toContain('is not a JSON object');
  });
  it('passes', () => {
    expect(rule(TEXT, 'chunk-object').ok).toBe(true);
  });
});

describe('stable-id', () => {
  it('fails an id that changes', () => {
    const r = rule(
      mapChunks(TEXT, (c, i) => ({ ...c, id: `chatcmpl-${i}` })),
      'stable-id',
    );
    expect(r).toMatchObject({ ok: false, evidence: { distinctIds: 5 } });
    expect(r.message).toContain('id changed at event #1: "chatcmpl-0" then "chatcmpl-1"');
  });
  it('fails a created timestamp that changes and a model that goes missing', () => {
    const r = rule(
      mapChunks(TEXT, (c, i) => (i === 3 ? { ...c, created: 1, model: undefined } : c)),
      'stable-id',
    );
    expect(r.ok).toBe(false);
    expect(r.message).toContain('created changed at event #3');
    expect(r.message).toContain('model missing on the chunk at event #3');
  });
  it('passes', () => {
    expect(rule(TEXT_USAGE, 'stable-id')).toMatchObject({ ok: true, evidence: { distinctIds: 1 } });
  });
});

describe('role-first-only', () => {
  it('fails role on every chunk', () => {
    const r = rule(
      mapChunks(TEXT, (c) => ({ ...c, choices: c.choices.map((ch: any) => ({ ...ch, delta: { role: 'assistant', ...ch.delta } })) })),
      'role-first-only',
    );
    expect(r).toMatchObject({ ok: false, evidence: { repeated: 4 } });
    expect(r.message).toContain('role repeated in 4 later deltas, first at event #1');
  });
  it('fails a first delta without role, naming the SDK error', () => {
    const r = rule(
      mapChunks(TEXT, (c, i) => (i === 0 ? { ...c, choices: [choice({ content: '' })] } : c)),
      'role-first-only',
    );
    expect(r.ok).toBe(false);
    expect(r.message).toContain('missing role for choice 0');
  });
  it('treats role: null in later deltas as absent', () => {
    expect(
      rule(
        mapChunks(TEXT, (c, i) => (i === 0 ? c : { ...c, choices: c.choices.map((ch: any) => ({ ...ch, delta: { ...ch.delta, role: null } })) })),
        'role-first-only',
      ).ok,
    ).toBe(true);
  });
  it('checks each choice when n=2', () => {
    const data = textData(['a'], { n: 2 }).filter((_, i) => i !== 1); // drop choice 1's role chunk
    const r = rule(data, 'role-first-only', { n: 2 });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('choice 1: its first delta');
  });
});

describe('finish-reason-null-until-end', () => {
  it('fails "" before the terminal chunk (ollama #4357)', () => {
    const r = rule(
      mapChunks(TEXT, (c, i) => (i > 0 && i < 4 ? { ...c, choices: [{ ...c.choices[0], finish_reason: '' }] } : c)),
      'finish-reason-null-until-end',
    );
    expect(r).toMatchObject({ ok: false, evidence: { empty: 3 } });
    expect(r.message).toMatch(/choice 0, event #1: finish_reason is "" \(not null\)|is ""/);
  });
  it('fails an absent finish_reason', () => {
    const r = rule(
      mapChunks(TEXT, (c, i) => (i === 2 ? { ...c, choices: [{ index: 0, delta: { content: ' there' } }] } : c)),
      'finish-reason-null-until-end',
    );
    expect(r).toMatchObject({ ok: false, evidence: { absent: 1 } });
    expect(r.message).toContain('is absent');
  });
  it('fails finish_reason "stop" on every chunk', () => {
    const r = rule(
      mapChunks(TEXT, (c) => ({ ...c, choices: [{ ...c.choices[0], finish_reason: 'stop' }] })),
      'finish-reason-null-until-end',
    );
    expect(r).toMatchObject({ ok: false, evidence: { early: 4 } });
  });
  it('passes', () => {
    expect(rule(TEXT, 'finish-reason-null-until-end').ok).toBe(true);
  });
});

describe('single-terminal-finish', () => {
  it('fails two terminal finish chunks', () => {
    const data = [...TEXT.slice(0, -1), chunk([choice({}, 'stop')]), '[DONE]'];
    const r = rule(data, 'single-terminal-finish');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('choice 0 has 2 terminal finish_reasons: "stop" at event #4, "stop" at event #5');
  });
  it('fails finish_reason on every chunk', () => {
    const r = rule(
      mapChunks(TEXT, (c) => ({ ...c, choices: [{ ...c.choices[0], finish_reason: 'stop' }] })),
      'single-terminal-finish',
    );
    expect(r.message).toContain('5 terminal finish_reasons');
    expect(r.message).toContain('4 chunks after its finish_reason');
  });
  it('fails content after the finish', () => {
    const data = [...TEXT.slice(0, -1), chunk([choice({ content: 'more' })]), '[DONE]'];
    expect(rule(data, 'single-terminal-finish').message).toContain('1 chunk after its finish_reason, first at event #5');
  });
  it('fails a stream with no terminal finish, naming the SDK error', () => {
    const r = rule(
      TEXT.filter((_, i) => i !== 4),
      'single-terminal-finish',
    );
    expect(r.message).toContain('missing finish_reason for choice 0');
  });
  it('fails a requested choice that never appeared (n=2, one choice)', () => {
    expect(rule(TEXT, 'single-terminal-finish', { n: 2 }).message).toContain('choice 1 never appeared');
  });
  it('passes, noting an unusual finish value', () => {
    const r = rule(textData(['x'], { finish: 'eos' }), 'single-terminal-finish');
    expect(r).toMatchObject({ ok: true, evidence: { unusual: ['eos'] } });
  });
});

describe('tool calls', () => {
  const stripIndex = (data: string[]) =>
    mapChunks(data, (c) => ({
      ...c,
      choices: c.choices.map((ch: any) =>
        ch.delta.tool_calls ? { ...ch, delta: { ...ch.delta, tool_calls: ch.delta.tool_calls.map(({ index: _i, ...tc }: any) => tc) } } : ch,
      ),
    }));
  const sameIndex = (data: string[]) =>
    mapChunks(data, (c) => ({
      ...c,
      choices: c.choices.map((ch: any) =>
        ch.delta.tool_calls ? { ...ch, delta: { ...ch.delta, tool_calls: ch.delta.tool_calls.map((tc: any) => ({ ...tc, index: 0 })) } } : ch,
      ),
    }));

  it('all four pass on two parallel calls', () => {
    const r = seq(TOOLS, { tools: true });
    for (const id of ['tool-call-index', 'tool-call-distinct-indices', 'tool-call-first-fragment', 'tool-call-arguments-json'] as const) {
      expect(r[id], r[id].message).toMatchObject({ ok: true });
    }
    expect(r['tool-call-distinct-indices'].evidence).toMatchObject({ calls: 2, indices: ['0:0', '0:1'] });
  });

  it('all four are skipped without tool calls, and say so', () => {
    const r = seq(TEXT, { tools: true });
    expect(r['tool-call-index']).toMatchObject({ ok: true, skipped: true, message: 'tools were sent but the stream carried no tool call' });
  });

  it('tool-call-index fails fragments without index (Gemini compat)', () => {
    const r = rule(stripIndex(TOOLS), 'tool-call-index');
    expect(r).toMatchObject({ ok: false, evidence: { fragments: 6, withoutIndex: 6 } });
    expect(r.message).toContain('have no index');
    expect(r.message).toContain('TypeError');
  });

  it('tool-call-index fails a non-array tool_calls', () => {
    const data = mapChunks(TOOLS, (c, i) => (i === 1 ? { ...c, choices: [{ ...c.choices[0], delta: { tool_calls: { index: 0 } } }] } : c));
    expect(rule(data, 'tool-call-index').message).toContain('is not an array');
  });

  it('tool-call-distinct-indices fails two calls on index 0 (litellm #33678)', () => {
    const r = rule(sameIndex(TOOLS), 'tool-call-distinct-indices');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('several calls share index 0: id "call_a" then "call_b"');
    expect(r.message).toContain('{\\"city\\": \\"Paris\\"}{\\"tz\\"');
  });

  it('tool-call-distinct-indices passes a single call', () => {
    expect(rule(toolData([{ id: 'a', name: 'f', args: ['{}'] }]), 'tool-call-distinct-indices')).toMatchObject({ ok: true, message: '1 tool call' });
  });

  it('tool-call-first-fragment fails a first fragment without id, type and name', () => {
    const data = mapChunks(TOOLS, (c, i) =>
      i === 0 ? { ...c, choices: [{ ...c.choices[0], delta: { role: 'assistant', tool_calls: [{ index: 0, function: { arguments: '' } }] } }] } : c,
    );
    const r = rule(data, 'tool-call-first-fragment');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('call 0 of choice 0: its first fragment (event #0) has no id, no type, no function.name');
  });

  it('tool-call-arguments-json fails broken, empty and object arguments', () => {
    const broken = toolData([{ id: 'a', name: 'f', args: ['{"x": ', '1'] }]);
    expect(rule(broken, 'tool-call-arguments-json').message).toMatch(/call 0 of choice 0 \(f\): joined arguments are not JSON .*"\{\\"x\\": 1"/);
    const empty = toolData([{ id: 'a', name: 'f', args: [] }]);
    expect(rule(empty, 'tool-call-arguments-json').message).toContain('arguments are empty');
    const object = mapChunks(toolData([{ id: 'a', name: 'f', args: [] }]), (c, i) =>
      i === 0
        ? {
            ...c,
            choices: [
              {
                ...c.choices[0],
                delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: { x: 1 } } }] },
              },
            ],
          }
        : c,
    );
    expect(rule(object, 'tool-call-arguments-json').message).toContain('is sent as JSON, not as a string');
  });

  it('tool-call-arguments-json still judges index-less fragments (grouped together)', () => {
    expect(rule(stripIndex(toolData([{ id: 'a', name: 'f', args: ['{"a":', '1}'] }])), 'tool-call-arguments-json').ok).toBe(true);
  });
});

describe('usage-chunk', () => {
  it('passes on-request when asked', () => {
    expect(rule(TEXT_USAGE, 'usage-chunk', { includeUsage: true })).toMatchObject({ ok: true, evidence: { events: [5] } });
  });
  it('passes on-request when not asked and absent; usage: null on other chunks is fine', () => {
    expect(
      rule(
        mapChunks(TEXT, (c) => ({ ...c, usage: null })),
        'usage-chunk',
      ).ok,
    ).toBe(true);
  });
  it('fails usage sent without asking (apfel #100)', () => {
    const r = rule(TEXT_USAGE, 'usage-chunk');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('stream_options.include_usage was not requested');
    expect(r.message).toContain('crash on its empty choices');
  });
  it('fails usage missing when asked (ollama #4448)', () => {
    expect(rule(TEXT, 'usage-chunk', { includeUsage: true }).message).toBe('no usage chunk although stream_options.include_usage was requested');
  });
  it('fails usage after [DONE] with a message that says so', () => {
    const data = [...TEXT, chunk([], { usage: USAGE })];
    expect(rule(data, 'usage-chunk', { includeUsage: true }).message).toContain('usage came after [DONE] (event #6)');
  });
  it('fails usage on every chunk (vLLM #7262)', () => {
    const r = rule(
      mapChunks(TEXT_USAGE, (c) => ({ ...c, usage: USAGE })),
      'usage-chunk',
      { includeUsage: true },
    );
    expect(r.message).toMatch(/usage on 6 chunks .*expected exactly once/);
  });
  it('fails usage before the finish chunk, and usage riding on it', () => {
    const before = [TEXT[0]!, chunk([], { usage: USAGE }), ...TEXT.slice(1)];
    expect(rule(before, 'usage-chunk', { includeUsage: true }).message).toContain('comes before the last finish chunk');
    const onFinish = mapChunks(TEXT, (c, i) => (i === 4 ? { ...c, usage: USAGE } : c));
    expect(rule(onFinish, 'usage-chunk', { includeUsage: true }).message).toContain('comes on the last finish chunk');
  });
  it('on-finish-chunk: passes usage on the finish chunk, fails a separate chunk', () => {
    const onFinish = mapChunks(TEXT, (c, i) => (i === 4 ? { ...c, usage: USAGE } : c));
    expect(rule(onFinish, 'usage-chunk', { includeUsage: true, usageMode: 'on-finish-chunk' }).ok).toBe(true);
    const r = rule(TEXT_USAGE, 'usage-chunk', { includeUsage: true, usageMode: 'on-finish-chunk' });
    expect(r.message).toContain('not on the last chunk with a finish_reason (event #4)');
  });
  it('always: fails when absent even unasked; never: fails when present even asked', () => {
    expect(rule(TEXT, 'usage-chunk', { usageMode: 'always' }).message).toBe('no usage chunk although the profile declares always');
    expect(rule(TEXT_USAGE, 'usage-chunk', { usageMode: 'never', includeUsage: true }).message).toContain('the profile declares no usage');
  });
});

describe('usage-chunk-empty-choices', () => {
  it('fails a usage chunk with non-empty choices (litellm #28735)', () => {
    const data = mapChunks(TEXT_USAGE, (c, i) => (i === 5 ? { ...c, choices: [choice({}, null)] } : c));
    const r = rule(data, 'usage-chunk-empty-choices', { includeUsage: true });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('expected []');
  });
  it('passes choices: []', () => {
    expect(rule(TEXT_USAGE, 'usage-chunk-empty-choices', { includeUsage: true }).ok).toBe(true);
  });
  it('is skipped without usage and in on-finish-chunk mode', () => {
    expect(rule(TEXT, 'usage-chunk-empty-choices').skipped).toBe(true);
    expect(rule(TEXT_USAGE, 'usage-chunk-empty-choices', { usageMode: 'on-finish-chunk' }).skipped).toBe(true);
  });
});

describe('in-band-error', () => {
  const ERR = JSON.stringify({ error: { message: 'upstream overloaded', type: 'server_error', param: null, code: null } });
  it('fails data: {"error":...} after a 200, even when [DONE] follows', () => {
    const data = [...TEXT.slice(0, 2), ERR, '[DONE]'];
    const results = seq(data, { transport: { status: 200 } });
    const r = results['in-band-error'];
    expect(r).toMatchObject({ ok: false, evidence: { recognised: true, event: 2, chunksBefore: true, doneAfter: true } });
    expect(r.message).toContain('in-band error after HTTP 200 at event #2');
    expect(r.message).toContain('"upstream overloaded"');
    expect(r.message).toContain('APIError');
    // Never success: complete fails too, and the error chunk is not judged as a chunk.
    expect(results.complete.ok).toBe(false);
    expect(results['chunk-object'].ok).toBe(true);
  });
  it('fails event: error without an error key, saying clients see success', () => {
    const r = rule(`data: ${TEXT[0]}\n\nevent: error\ndata: {"message":"rate limited"}\n\ndata: [DONE]\n\n`, 'in-band-error');
    expect(r).toMatchObject({ ok: false, evidence: { recognised: false, eventName: 'error', message: 'rate limited' } });
    expect(r.message).toContain('yield it as an ordinary chunk');
  });
  it('passes', () => {
    expect(rule(TEXT, 'in-band-error').ok).toBe(true);
  });
});

describe('complete', () => {
  it('fails a stream cut short (no finish, no [DONE])', () => {
    const r = rule(TEXT.slice(0, 3), 'complete');
    expect(r).toMatchObject({ ok: false, evidence: { done: false, unfinished: [0] } });
    expect(r.message).toBe('stream cut short or failed: no [DONE]; no terminal finish_reason for choice 0');
  });
  it('fails [DONE] without a finish (sub2api #1925)', () => {
    expect(rule([...TEXT.slice(0, 3), '[DONE]'], 'complete').message).toContain('no terminal finish_reason for choice 0');
  });
  it('fails a transport truncation or timeout, and a non-2xx status', () => {
    expect(rule(TEXT, 'complete', { transport: { truncated: true } }).message).toContain('truncated by the transport');
    expect(rule(TEXT, 'complete', { transport: { error: 'idle-timeout: no data for 30000 ms' } }).message).toContain('idle-timeout');
    expect(rule(TEXT, 'complete', { transport: { status: 500 } }).message).toContain('HTTP 500');
  });
  it('fails when one of n choices did not finish', () => {
    const data = textData(['a'], { n: 2 }).filter((_, i) => i !== 5);
    expect(rule(data, 'complete', { n: 2 }).message).toContain('no terminal finish_reason for choice 1');
  });
  it('passes', () => {
    expect(rule(TEXT, 'complete', { transport: { status: 200, truncated: false } }).ok).toBe(true);
  });
});

describe('reassemble', () => {
  it('joins content per choice, tool calls per index, and keeps usage', () => {
    const parse = (d: string[]) => d.filter((x) => x !== '[DONE]').map((x) => JSON.parse(x));
    const text = reassemble(parse(textData(['Hel', 'lo'], { n: 2, usage: true })));
    expect(text).toMatchObject({ id: BASE.id, model: BASE.model, created: BASE.created, usage: USAGE, chunks: 9 });
    expect(text.choices).toEqual([
      { index: 0, role: 'assistant', content: 'Hello', refusal: '', toolCalls: [], finishReason: 'stop' },
      { index: 1, role: 'assistant', content: 'Hello', refusal: '', toolCalls: [], finishReason: 'stop' },
    ]);
    const tools = reassemble(parse(TOOLS));
    expect(tools.choices[0]!.toolCalls).toEqual([
      { index: 0, id: 'call_a', type: 'function', name: 'get_weather', arguments: '{"city": "Paris"}', fragments: 3 },
      { index: 1, id: 'call_b', type: 'function', name: 'get_time', arguments: '{"tz": "CET"}', fragments: 3 },
    ]);
    expect(tools.choices[0]!.finishReason).toBe('tool_calls');
  });
});
