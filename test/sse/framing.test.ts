import { describe, expect, it } from 'vitest';
import { checkFraming, type FramingOptions } from '../../src/sse/framing.js';
import { readSse } from '../../src/sse/reader.js';
import type { FramingRuleId } from '../../src/sse/rules.js';
import type { BodyRead } from '../../src/transport/types.js';
import { chunk, choice, readPerEvent, readsOf, sse, textData } from './fixtures.js';

const CT = 'text/event-stream; charset=utf-8';
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', ' again.'];

/** `contentType: null` means no header at all. */
function frame(reads: BodyRead[] | string, contentType: string | null = CT, options?: FramingOptions) {
  const rs = typeof reads === 'string' ? readsOf([reads]) : reads;
  return checkFraming(readSse(rs), contentType ?? undefined, options);
}

function rule(reads: BodyRead[] | string, id: FramingRuleId, contentType: string | null = CT) {
  return frame(reads, contentType)[id];
}

const GOOD = readPerEvent(textData(WORDS, { usage: true }));

describe('a canonical OpenAI stream passes every framing rule', () => {
  it('all ten', () => {
    const results = frame(GOOD);
    for (const r of Object.values(results)) expect(r, r.message).toMatchObject({ ok: true });
    expect(results.incremental.skipped).toBeUndefined();
    expect(Object.keys(results)).toHaveLength(10);
  });

  it('and the same bytes in CRLF', () => {
    const results = frame(readPerEvent(textData(WORDS), 10, '\r\n'));
    for (const r of Object.values(results)) expect(r.ok, r.message).toBe(true);
  });
});

describe('content-type', () => {
  it('passes text/event-stream with parameters, any case', () => {
    expect(rule(GOOD, 'content-type', 'Text/Event-Stream;charset=UTF-8').ok).toBe(true);
  });
  it('fails application/json and quotes it', () => {
    const r = rule(GOOD, 'content-type', 'application/json');
    expect(r).toMatchObject({ ok: false, evidence: { mediaType: 'application/json' } });
    expect(r.message).toContain('"application/json"');
  });
  it('fails a missing header', () => {
    expect(rule(GOOD, 'content-type', null).ok).toBe(false);
    expect(rule(GOOD, 'content-type', '').ok).toBe(false);
  });
});

describe('data-only-events', () => {
  it('leaves event:, id: and retry: to no-sse-fields (one fault, one failing rule)', () => {
    const r = rule(`event: message\ndata: ${chunk([choice({ content: 'x' })])}\n\ndata: [DONE]\n\n`, 'data-only-events');
    expect(r).toMatchObject({ ok: true, evidence: { otherFields: { event: 1 } } });
    expect(r.message).toContain('reported by no-sse-fields');
  });
  it('fails a field no SSE client knows beside data', () => {
    const r = rule(`foo: bar\ndata: ${chunk([choice({ content: 'x' })])}\n\ndata: [DONE]\n\n`, 'data-only-events');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/event #0 .*field foo: beside data:/);
    expect(r.message).toContain('"foo: bar\\ndata: {');
  });
  it('fails an error sent on an "error:" field (llama.cpp #16104)', () => {
    const r = rule('error: {"message":"boom"}\n\ndata: [DONE]\n\n', 'data-only-events');
    expect(r).toMatchObject({ ok: false, evidence: { otherFields: { error: 1 } } });
    expect(r.message).toContain('no data line, only error:');
  });
  it('fails two JSON events merged into one block (no blank line between them)', () => {
    const a = chunk([choice({ content: 'a' })]);
    const r = rule(`data: ${a}\ndata: ${a}\n\ndata: [DONE]\n\n`, 'data-only-events');
    expect(r).toMatchObject({ ok: false, evidence: { merged: 1 } });
    expect(r.message).toContain('two events with no blank line between them');
  });
  it('tolerates one JSON document split over several data lines', () => {
    const r = rule('data: {"a":\ndata: 1}\n\ndata: [DONE]\n\n', 'data-only-events');
    expect(r).toMatchObject({ ok: true, evidence: { multiLineData: 1 } });
    expect(r.message).toContain('tolerated');
  });
  it('skips an empty body', () => {
    expect(rule('', 'data-only-events')).toMatchObject({ ok: true, skipped: true });
  });
});

describe('done-sentinel', () => {
  it('passes data: [DONE]', () => {
    expect(rule(GOOD, 'done-sentinel')).toMatchObject({ ok: true, evidence: { data: '[DONE]' } });
  });
  it('passes data:[DONE] (no space) and says how it was written', () => {
    const r = rule('data:[DONE]\n\n', 'done-sentinel');
    expect(r.ok).toBe(true);
    expect(r.message).toContain('"data:[DONE]"');
  });
  it('fails "data: [DONE] " with a trailing space, showing the space', () => {
    const r = rule(sse(textData(['hi'])).replace('data: [DONE]', 'data: [DONE] '), 'done-sentinel');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('"[DONE] "');
    expect(r.message).toContain('SyntaxError');
  });
  it('fails a missing [DONE]', () => {
    const r = rule(sse(textData(['hi']).slice(0, -1)), 'done-sentinel');
    expect(r).toMatchObject({ ok: false, evidence: { events: 3 } });
    expect(r.message).toMatch(/no data: \[DONE\] event.*end such a stream silently/);
  });
  it('fails a lookalike and names it', () => {
    const r = rule('data: "[DONE]"\n\n', 'done-sentinel');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('the closest is event #0');
  });
});

describe('nothing-after-done', () => {
  it('passes when the body ends at [DONE]', () => {
    expect(rule(GOOD, 'nothing-after-done').ok).toBe(true);
  });
  it('passes extra blank lines, noting their bytes', () => {
    const r = rule('data: [DONE]\n\n\n', 'nothing-after-done');
    expect(r).toMatchObject({ ok: true, evidence: { bytes: 1 } });
  });
  it('fails events after [DONE] and quotes them', () => {
    const r = rule(`data: [DONE]\n\ndata: ${chunk([choice({ content: 'late' })])}\n\n`, 'nothing-after-done');
    expect(r).toMatchObject({ ok: false, evidence: { events: 1 } });
    expect(r.message).toMatch(/1 event after \[DONE\] \(\d+ bytes\): "data: \{/);
  });
  it('fails a comment after [DONE]', () => {
    expect(rule('data: [DONE]\n\n: bye\n\n', 'nothing-after-done')).toMatchObject({ ok: false, evidence: { comments: 1 } });
  });
  it('is skipped without [DONE]', () => {
    expect(rule('data: {}\n\n', 'nothing-after-done')).toMatchObject({ ok: true, skipped: true });
  });
});

describe('final-blank-line', () => {
  it('passes when [DONE] ends with a blank line', () => {
    expect(rule(GOOD, 'final-blank-line').ok).toBe(true);
  });
  it('fails "data: [DONE]\\n" (line ended, no blank line)', () => {
    const r = rule('data: {}\n\ndata: [DONE]\n', 'final-blank-line');
    expect(r).toMatchObject({ ok: false, evidence: { isDone: true, lineTerminated: true } });
    expect(r.message).toContain('"data: [DONE]\\n"');
  });
  it('fails a body that ends mid-line', () => {
    const r = rule('data: {}\n\ndata: [DONE]', 'final-blank-line');
    expect(r).toMatchObject({ ok: false, evidence: { lineTerminated: false } });
    expect(r.message).toContain('ends in the middle of its line');
  });
  it('fails a last content chunk with no blank line (no [DONE])', () => {
    expect(rule(`data: ${chunk([choice({ content: 'x' })])}\n`, 'final-blank-line')).toMatchObject({ ok: false, evidence: { isDone: false } });
  });
  it('passes with a trailing unterminated comment', () => {
    expect(rule('data: [DONE]\n\n: x', 'final-blank-line')).toMatchObject({ ok: true, evidence: { trailingComment: true } });
  });
});

describe('no-empty-events', () => {
  it('passes canonical', () => {
    expect(rule(GOOD, 'no-empty-events').ok).toBe(true);
  });
  it('fails an event without data (event: ping)', () => {
    const r = rule('event: ping\n\ndata: [DONE]\n\n', 'no-empty-events');
    expect(r).toMatchObject({ ok: false, evidence: { withoutData: 1 } });
    expect(r.message).toContain('"event: ping\\n\\n"');
  });
  it('fails a retry-only block', () => {
    expect(rule('retry: 3000\n\ndata: [DONE]\n\n', 'no-empty-events').ok).toBe(false);
  });
  it('fails an empty data line', () => {
    const r = rule('data:\n\ndata: [DONE]\n\n', 'no-empty-events');
    expect(r).toMatchObject({ ok: false, evidence: { emptyDataLine: 1 } });
  });
  it('fails "data: " with only the space', () => {
    expect(rule('data: \n\ndata: [DONE]\n\n', 'no-empty-events').ok).toBe(false);
  });
});

describe('no-sse-fields', () => {
  it('passes canonical', () => {
    expect(rule(GOOD, 'no-sse-fields').ok).toBe(true);
  });
  it('names event:, id: and retry: with counts', () => {
    const body = 'event: message\nid: 1\ndata: {}\n\nid: 2\ndata: {}\n\nretry: 10\ndata: {}\n\ndata: [DONE]\n\n';
    const r = rule(body, 'no-sse-fields');
    expect(r).toMatchObject({ ok: false, evidence: { counts: { event: 1, id: 2, retry: 1 }, fields: ['event', 'id', 'retry'], first: 0 } });
    expect(r.message).toMatch(/^event: \(1 event\), id: \(2 events\), retry: \(1 event\) lines found/);
  });
  it('names a single id: field', () => {
    const r = rule('id: 9\ndata: {}\n\ndata: [DONE]\n\n', 'no-sse-fields');
    expect(r.ok).toBe(false);
    expect(r.evidence.fields).toEqual(['id']);
  });
});

describe('no-double-data', () => {
  it('passes canonical', () => {
    expect(rule(GOOD, 'no-double-data').ok).toBe(true);
  });
  it('fails data: data: {...}', () => {
    const r = rule(`data: data: ${chunk([choice({ content: 'x' })])}\n\ndata: [DONE]\n\n`, 'no-double-data');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('"data: data: {');
  });
});

describe('json-data', () => {
  it('passes canonical', () => {
    expect(rule(GOOD, 'json-data')).toMatchObject({ ok: true, evidence: { json: 13, nonJson: 0 } });
  });
  it('fails non-JSON data and quotes it', () => {
    const r = rule('data: hello world\n\ndata: [DONE]\n\n', 'json-data');
    expect(r.ok).toBe(false);
    expect(r.message).toContain('"data: hello world\\n\\n"');
  });
  it('says when a comment was re-emitted as data', () => {
    const r = rule('data: : OPENROUTER PROCESSING\n\ndata: [DONE]\n\n', 'json-data');
    expect(r.message).toContain('an SSE comment re-emitted as data');
  });
  it('says when the prefix was doubled', () => {
    expect(rule('data: data: {}\n\n', 'json-data').message).toContain('the SSE prefix was doubled');
  });
  it('truncates long offending data to about 120 chars', () => {
    const r = rule(`data: ${'x'.repeat(5000)}\n\n`, 'json-data');
    const quoted = r.message.slice(r.message.indexOf('"data: x'));
    expect(quoted.length).toBeLessThan(150);
    expect(quoted).toMatch(/…" \(\+\d+ chars\)/);
  });
  it('does not count [DONE] or events after it', () => {
    expect(rule('data: {}\n\ndata: [DONE]\n\ndata: junk\n\n', 'json-data').ok).toBe(true);
  });
});

describe('incremental', () => {
  it('passes one event per read, at different times', () => {
    const r = rule(GOOD, 'incremental');
    expect(r).toMatchObject({ ok: true, evidence: { judged: true, contentEvents: 10, distinctReads: 10, basis: 'usage.completion_tokens' } });
  });
  it('fails when all content is in one event', () => {
    const r = rule(readPerEvent(textData([WORDS.join('')])), 'incremental');
    expect(r).toMatchObject({ ok: false, evidence: { judged: true, contentEvents: 1, basis: 'output chars / 4' } });
    expect(r.message).toMatch(/arrived in one event/);
  });
  it('fails when every event arrived in one read', () => {
    const r = rule(readsOf([sse(textData(WORDS))]), 'incremental');
    expect(r).toMatchObject({ ok: false, evidence: { contentEvents: 10, distinctReads: 1 } });
    expect(r.message).toContain('in one read');
  });
  it('fails when reads arrived at the same instant', () => {
    const r = rule(readPerEvent(textData(WORDS), 0), 'incremental');
    expect(r).toMatchObject({ ok: false, evidence: { distinctReads: 10, distinctTimes: 1 } });
    expect(r.message).toContain('at the same instant');
  });
  it('does not judge a tiny completion, and says why', () => {
    const r = rule(readsOf([sse(textData(['Hi!']))]), 'incremental');
    expect(r).toMatchObject({ ok: true, skipped: true, evidence: { judged: false, totalChars: 3 } });
    expect(r.message).toMatch(/not judged: 3 output chars, ~1 tokens/);
  });
  it('does not judge when usage says there were only 2 tokens', () => {
    const data = textData(['A fairly long single token?!!!!!!!!!!!'], { usage: true }).map((d) => d.replace('"completion_tokens":30', '"completion_tokens":2'));
    expect(rule(readsOf([sse(data)]), 'incremental')).toMatchObject({ skipped: true, evidence: { expectedEvents: 2 } });
  });
  it('thresholds are options', () => {
    const r = frame(readsOf([sse(textData(['Hi there!']))]), CT, { minChars: 1, minExpectedEvents: 1 }).incremental;
    expect(r).toMatchObject({ ok: false, evidence: { judged: true } });
  });
  it('counts tool-call arguments as output', () => {
    const args = ['{"location":', ' "Paris, France",', ' "unit": "celsius"}'];
    const data = [
      chunk([choice({ role: 'assistant', tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'get_weather', arguments: '' } }] })]),
      ...args.map((a) => chunk([choice({ tool_calls: [{ index: 0, function: { arguments: a } }] })])),
      chunk([choice({}, 'tool_calls')]),
      '[DONE]',
    ];
    expect(rule(readPerEvent(data), 'incremental')).toMatchObject({ ok: true, evidence: { contentEvents: 4 } });
    expect(rule(readsOf([sse(data)]), 'incremental').ok).toBe(false);
  });
});
