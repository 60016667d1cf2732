/**
 * Hostile streams: whatever the bytes and whatever the JSON types, analysis and the SDK oracle produce findings
 * (failed rules), never an exception.
 */
import { describe, expect, it } from 'vitest';
import { analyseStream, runSdkOracle } from '../../src/sse/index.js';
import { BASE, chunk, choice, enc, exchange, readPerEvent, readsOf, sse, textData, toolData } from './fixtures.js';

const DEEP = 10_000; // JSON.stringify overflows the stack from ~5,000 levels on Node 20
const deep = (): string => '['.repeat(DEEP) + ']'.repeat(DEEP);
const obj = (o: Record<string, unknown>): string => JSON.stringify({ ...BASE, ...o });

const hostile: Record<string, string[]> = {
  'choices not an array': [obj({ choices: { 0: { delta: { content: 'x' } } } }), '[DONE]'],
  'choices a string': [obj({ choices: 'nope' }), '[DONE]'],
  'delta null': [chunk([{ index: 0, delta: null, finish_reason: null }]), chunk([{ index: 0, delta: null, finish_reason: 'stop' }]), '[DONE]'],
  'index a string': [chunk([choice({ role: 'assistant', content: 'a' }, null, '0' as never)]), chunk([choice({}, 'stop', '0' as never)]), '[DONE]'],
  'tool_calls an object': [chunk([choice({ role: 'assistant', tool_calls: { index: 0 } })]), chunk([choice({}, 'tool_calls')]), '[DONE]'],
  'tool-call fragments of wrong types': [
    chunk([
      choice({ role: 'assistant', tool_calls: [null, 3, 'x', { index: '0', id: 7, function: 'f' }, { index: 0, function: { name: 5, arguments: { a: 1 } } }] }),
    ]),
    chunk([choice({}, 'tool_calls')]),
    '[DONE]',
  ],
  'usage of wrong types': [
    chunk([choice({ role: 'assistant', content: 'a' })], { usage: 'lots' }),
    chunk([choice({}, 'stop')], { usage: [1] }),
    chunk([], { usage: { completion_tokens: 'many' } }),
    '[DONE]',
  ],
  'chunk is an array, a number, null': ['[1,2]', '42', 'null', '"text"', '[DONE]'],
  'error of wrong types': ['{"error":[1,2]}', '{"error":true}', '[DONE]'],
  'finish_reason and role of wrong types': [
    chunk([choice({ role: { r: 1 }, content: 5 }, { f: 1 } as never)]),
    chunk([choice({ role: [] }, 7 as never)]),
    '[DONE]',
  ],
  'deeply nested values': [
    `{"id":${deep()},"object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":${deep()},"content":"a"},"finish_reason":null}]}`,
    `{"id":"x","object":${deep()},"created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":${deep()},"type":${deep()},"function":{"arguments":${deep()}}}]},"finish_reason":${deep()}}],"usage":{"completion_tokens":1}}`,
    `{"error":${deep()}}`,
    `{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"x":1}}`,
    `{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":${deep()},"usage":{"x":1}}`,
    '[DONE]',
  ],
};

describe('hostile chunk JSON', () => {
  for (const [name, datas] of Object.entries(hostile)) {
    it(`${name}: findings, not an exception`, async () => {
      const ex = exchange(readPerEvent(datas));
      for (const usageMode of ['on-request', 'always', 'never', 'on-finish-chunk'] as const) {
        const a = analyseStream(ex, { includeUsage: true, tools: true, n: 2, usageMode });
        expect(a.ok).toBe(false);
        expect(a.failed.length).toBeGreaterThan(0);
        for (const r of Object.values(a.rules)) expect(typeof r.message).toBe('string');
        // Rule evidence goes to results.json as it is.
        expect(() => JSON.stringify(a.rules)).not.toThrow();
      }
      for (const mode of ['iterate', 'helper'] as const) {
        const r = await runSdkOracle(ex, mode, { timeoutMs: 5_000 });
        expect(r.timedOut).toBe(false);
      }
    });
  }
});

describe('hostile bytes', () => {
  it('non-UTF-8 bytes are read as replacement characters and reported, not thrown', () => {
    const bad = new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0a]); // "data: \xff\xfe\xc3(\n\n"
    const ex = exchange([...readsOf([sse(textData(['a']).slice(0, 2))]), { t: 200, bytes: bad }, ...readsOf([sse(textData(['b']).slice(1))], 10, 210)]);
    const a = analyseStream(ex);
    expect(a.rules['json-data'].ok).toBe(false);
    expect(a.rules['json-data'].message).toContain('\ufffd');
  });

  it('a gigantic single event is kept truncated, flagged, and judged', () => {
    const huge = chunk([choice({ content: 'x'.repeat(3 * 1024 * 1024) })]);
    const ex = exchange(readsOf([sse(textData(['a']).slice(0, 1)), enc(`data: ${huge}\n\n`), sse(textData(['a']).slice(2))]));
    const a = analyseStream(ex);
    expect(a.read.oversizedEvents).toBe(1);
    expect(a.read.capsHit.map((c) => c.cap)).toContain('maxEventSize');
    expect(a.rules['json-data'].ok).toBe(false);
    expect(a.rules['json-data'].message.length).toBeLessThan(1000);
  });

  it('a tool stream whose SDK replay meets fragments of wrong types still reports', async () => {
    const datas = toolData([{ id: 'a', name: 'f', args: ['{"x":', '1}'] }]);
    datas[1] = chunk([choice({ tool_calls: [{ index: 0, function: { arguments: null } }] })]);
    const r = await runSdkOracle(exchange(readPerEvent(datas)), 'helper');
    expect(typeof r.ok).toBe('boolean');
  });
});
