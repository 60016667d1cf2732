import { describe, expect, it } from 'vitest';
import { analyseStream, FRAMING_RULES, SEQUENCE_RULES } from '../../src/sse/index.js';
import type { BodyRead } from '../../src/transport/types.js';
import { enc, exchange, readPerEvent, readsOf, sse, textData, toolData } from './fixtures.js';

const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', ' again.'];

describe('analyseStream', () => {
  it('runs every rule on a canonical exchange and reports timing', () => {
    // Role chunk at 100 ms, content at 110..200, finish 210, usage 220, [DONE] 230; one gap of 40 ms.
    const reads: BodyRead[] = readPerEvent(textData(WORDS, { usage: true }));
    reads[5] = { ...reads[5]!, t: reads[5]!.t + 30 };
    for (let i = 6; i < reads.length; i++) reads[i] = { ...reads[i]!, t: reads[i]!.t + 30 };
    const a = analyseStream(exchange(reads), { includeUsage: true });
    expect(Object.keys(a.rules).sort()).toEqual([...FRAMING_RULES, ...SEQUENCE_RULES].sort());
    expect(a.failed).toEqual([]);
    expect(a.ok).toBe(true);
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('text/event-stream; charset=utf-8');
    expect(a.completion.choices[0]).toMatchObject({ content: WORDS.join(''), finishReason: 'stop' });
    expect(a.completion.usage).toMatchObject({ completion_tokens: 30 });
    expect(a.timing).toEqual({
      headersMs: 50,
      firstByteMs: 100,
      firstContentMs: 110,
      lastEventMs: 260,
      gaps: { count: 13, maxMs: 40, p50Ms: 10 },
      totalMs: 261,
    });
    expect(a.inBandError).toBeUndefined();
  });

  it('first content time is the first tool-call fragment for a tool stream', () => {
    const a = analyseStream(exchange(readPerEvent(toolData([{ id: 'a', name: 'f', args: ['{}'] }]))), { tools: true });
    expect(a.ok).toBe(true);
    expect(a.timing.firstContentMs).toBe(100);
  });

  it('an in-band error is a failure with the error surfaced, whatever else passed', () => {
    const body = `${sse(textData(['Hi']).slice(0, 2))}data: {"error":{"message":"boom","type":"server_error"}}\n\ndata: [DONE]\n\n`;
    const a = analyseStream(exchange(readsOf([body])));
    expect(a.ok).toBe(false);
    expect(a.failed).toEqual(expect.arrayContaining(['in-band-error', 'complete']));
    expect(a.inBandError).toMatchObject({ message: 'boom', recognised: true });
  });

  it('a cut-short stream fails done-sentinel and complete; the transport error is named', () => {
    const ex = exchange(readsOf([sse(textData(WORDS).slice(0, 4))]), { error: { kind: 'idle-timeout', message: 'no data for 30000 ms' } });
    const a = analyseStream(ex);
    expect(a.failed).toEqual(['done-sentinel', 'single-terminal-finish', 'complete']);
    expect(a.rules.complete.message).toContain('idle-timeout: no data for 30000 ms');
  });

  it('an exchange with no response fails without throwing', () => {
    const ex = exchange([]);
    delete ex.response;
    ex.error = { kind: 'connect', message: 'ECONNREFUSED' };
    const a = analyseStream(ex);
    expect(a.ok).toBe(false);
    expect(a.failed).toEqual(expect.arrayContaining(['content-type', 'done-sentinel', 'complete']));
    expect(a.status).toBeUndefined();
    expect(a.timing.gaps).toEqual({ count: 0 });
  });

  it('passes the context through: usage mode, n, reader caps', () => {
    const body = readsOf([sse(textData(['a', 'b'], { n: 2, usage: true }))]);
    expect(analyseStream(exchange(body), { n: 2 }).failed).toEqual(['usage-chunk']);
    expect(analyseStream(exchange(body), { n: 2, usageMode: 'always' }).failed).toEqual([]);
    const capped = analyseStream(exchange(body), { n: 2, includeUsage: true, reader: { maxEvents: 3 } });
    expect(capped.read.capsHit[0]).toMatchObject({ cap: 'maxEvents' });
    expect(capped.failed).toContain('complete');
    expect(capped.rules['final-blank-line'].skipped).toBe(true);
  });

  it('a JSON body sent instead of a stream fails framing with the bytes quoted', () => {
    const json = JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }] });
    const a = analyseStream(exchange([{ t: 5, bytes: enc(json) }], { contentType: 'application/json' }));
    expect(a.failed).toEqual(expect.arrayContaining(['content-type', 'done-sentinel', 'final-blank-line', 'data-only-events']));
    expect(a.rules['data-only-events'].message).toContain('"{\\"id\\":\\"x\\"');
  });
});
